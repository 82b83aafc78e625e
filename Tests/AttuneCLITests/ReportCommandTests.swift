import Foundation
import Testing

@Suite("attune report")
struct ReportCommandTests {
    @Test("--study --output writes a self-contained HTML report")
    func htmlToFile() async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["report", "--study", "--output", "report.html"], in: folder)
            #expect(result.exitCode == 0)
            #expect(result.stdout == "Wrote the html report to report.html.\n")
            let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
            #expect(html.contains("Need against provision"))
            #expect(html.contains("<svg class=\"chart"))
        }
    }

    @Test("--format json prints every figure for machines")
    func json() async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["report", "--study", "--format", "json"], in: folder)
            #expect(result.exitCode == 0)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect((json["programmes"] as? [Any])?.count == 8)
            #expect(json["need_provision_correlation"] != nil)
        }
    }

    @Test("a report from the database, and a clear error for an output folder that does not exist")
    func fromDatabase() async throws {
        try await withTemporaryFolder { folder async throws in
            _ = try await AttuneProcess.run(["import", "evidence", AuditCommandTests.studyFile.path], in: folder)
            let result = try await AttuneProcess.run(["report", "--format", "json"], in: folder)
            #expect(result.exitCode == 0)
            #expect(result.stdout.contains("\"mechanism_total\" : 12"))
            // From the stored profiles, the same report as derived from the document.
            let derived = try await AttuneProcess.run(["report", "--evidence", AuditCommandTests.studyFile.path, "--format", "json"], in: folder)
            #expect(result.stdout.replacingOccurrences(of: "the programmes in SQLite file attune.sqlite", with: "T")
                    == derived.stdout.replacingOccurrences(of: "the programmes in \(AuditCommandTests.studyFile.path)", with: "T"))
            let bad = try await AttuneProcess.run(["report", "--study", "--output", "missing/report.html"], in: folder)
            #expect(bad.exitCode == 2)
            #expect(bad.stderr == "attune: error: --output: cannot write missing/report.html; check that its folder exists and is writable.\n")
        }
    }
}
