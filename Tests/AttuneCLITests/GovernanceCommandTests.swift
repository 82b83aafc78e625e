import Foundation
import Testing

/// `attune activity`, `attune erase` and `attune retention` (issue 26) as an operator runs them.
@Suite("attune activity, erase and retention")
struct GovernanceCommandTests {
    @Test("the log lists the import and an erasure by mother, as text, CSV and JSON; verify passes, then fails once an entry is altered")
    func activityAndErase() async throws {
        try await withTemporaryFolder { folder async throws in
            #expect(try await AttuneProcess.run(["import", "evidence", AuditCommandTests.studyFile.path], in: folder).exitCode == 0)

            // Without --confirm nothing is erased: it says what would be.
            let preview = try await AttuneProcess.run(["erase", "--dyad", "A1-D01", "--reason", "Her request of 2 December"], in: folder)
            #expect(preview.exitCode == 0 && preview.stdout.contains("Would erase A1-D01") && preview.stdout.contains("Nothing was erased. Add --confirm"))
            let erased = try await AttuneProcess.run(["erase", "--dyad", "A1-D01", "--reason", "Her request of 2 December", "--confirm"], in: folder)
            #expect(erased.exitCode == 0 && erased.stdout.contains("Erased A1-D01"), "\(erased.stderr)")
            let again = try await AttuneProcess.run(["erase", "--dyad", "A1-D01", "--reason", "again", "--confirm"], in: folder)
            #expect(again.exitCode == 2 && again.stderr.contains("erased already"))
            let unknown = try await AttuneProcess.run(["erase", "--dyad", "NOBODY", "--reason", "x"], in: folder)
            #expect(unknown.exitCode == 2 && unknown.stderr.contains("no mother and baby have the code NOBODY"))

            let text = try await AttuneProcess.run(["activity", "--dyad", "A1-D01"], in: folder)
            #expect(text.exitCode == 0 && text.stdout.contains("erase") && text.stdout.contains("Erased her identifying data"))
            let csv = try await AttuneProcess.run(["activity", "--format", "csv"], in: folder)
            let lines = csv.stdout.split(separator: "\r\n")
            #expect(lines.first == "id,at,actor,address,action,record_kind,record_code,dyad,programme,summary")
            #expect(lines.count == 3 && csv.stdout.contains("Imported"))
            let json = try await AttuneProcess.run(["activity", "--dyad", "A1-D01", "--format", "json"], in: folder)
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            #expect(entries.count == 1 && entries[0]["action"] as? String == "erase")
            let badDay = try await AttuneProcess.run(["activity", "--since", "yesterday"], in: folder)
            #expect(badDay.exitCode == 2 && badDay.stderr.contains("--since"))

            let whole = try await AttuneProcess.run(["activity", "verify"], in: folder)
            #expect(whole.exitCode == 0 && whole.stdout.contains("2 entries checked"), "\(whole.stderr)")
            // Someone with the file drops the trigger and rewrites who erased her.
            let database = folder.appendingPathComponent("attune.sqlite").path
            #expect(try await Self.sqlite(database, "DROP TRIGGER activity_log_no_update; UPDATE activity_log SET actor = 'nobody' WHERE id = 2;") == 0)
            let altered = try await AttuneProcess.run(["activity", "verify"], in: folder)
            #expect(altered.exitCode == 1 && altered.stderr.contains("entry 2 was altered"))
        }
    }

    /// Runs SQL on an SQLite file with Python's sqlite3 module, as someone holding the file could.
    static func sqlite(_ database: String, _ script: String) async throws -> Int32 {
        try await ChildProcess(executable: "/usr/bin/env",
                         arguments: ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", database, script],
                         environment: ProcessInfo.processInfo.environment, folder: FileManager.default.temporaryDirectory).wait()
    }

    @Test("export research: the same key file gives the same pseudonyms; a short key, a folder in use and a missing database are refused with exit 2")
    func researchExport() async throws {
        try await withTemporaryFolder { folder async throws in
            #expect(try await AttuneProcess.run(["import", "evidence", AuditCommandTests.studyFile.path], in: folder).exitCode == 0)
            try Data((0..<32).map { UInt8($0) }).write(to: folder.appendingPathComponent("key"))
            try Data("short".utf8).write(to: folder.appendingPathComponent("short-key"))
            let first = try await AttuneProcess.run(["export", "research", "--output", "one", "--key-file", "key", "--include-unrecorded-consent"], in: folder)
            #expect(first.exitCode == 0 && first.stdout.contains("39 dyads"), "\(first.stderr)")
            let second = try await AttuneProcess.run(["export", "research", "--output", "two", "--key-file", "key", "--include-unrecorded-consent"], in: folder)
            #expect(second.exitCode == 0)
            let read = { (name: String) in try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }
            #expect(try read("one/dyads.csv") == read("two/dyads.csv"))
            #expect(try read("one/import.sps").contains("GET DATA /TYPE=TXT /FILE='dyads.csv'"))
            // Without the option, only mothers who consented: the study never asked, so none.
            let strict = try await AttuneProcess.run(["export", "research", "--output", "three"], in: folder)
            #expect(strict.exitCode == 0 && strict.stdout.contains("0 dyads") && strict.stdout.contains("random key"))

            let inUse = try await AttuneProcess.run(["export", "research", "--output", "one", "--key-file", "key"], in: folder)
            #expect(inUse.exitCode == 2 && inUse.stderr.contains("is not empty"))
            let short = try await AttuneProcess.run(["export", "research", "--output", "four", "--key-file", "short-key"], in: folder)
            #expect(short.exitCode == 2 && short.stderr.contains("a key needs at least 32"))
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("four").path))
            let activity = try await AttuneProcess.run(["activity", "--format", "csv"], in: folder)
            #expect(activity.stdout.contains("Research export of every centre"))
        }
    }

    @Test("retention lists the study's mothers, long past, and refuses a period outside 1-100 years")
    func retention() async throws {
        try await withTemporaryFolder { folder async throws in
            #expect(try await AttuneProcess.run(["import", "evidence", AuditCommandTests.studyFile.path], in: folder).exitCode == 0)
            let listed = try await AttuneProcess.run(["retention", "--years", "7"], in: folder)
            #expect(listed.exitCode == 0 && listed.stdout.contains("39 mothers' records are older than 7 years") && listed.stdout.contains("A1-D01"))
            let none = try await AttuneProcess.run(["retention", "--years", "100"], in: folder)
            #expect(none.stdout.contains("No record is older than 100 years"))
            let bad = try await AttuneProcess.run(["retention", "--years", "0"], in: folder)
            #expect(bad.exitCode == 2 && bad.stderr.contains("--years"))
        }
    }
}
