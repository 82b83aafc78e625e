import AttuneCore
import Foundation
import Testing

@Suite("attune study table")
struct StudyTableCommandTests {
    @Test("prints a readable table with recomputed totals and the B7 warning")
    func text() async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["study", "table"], in: folder)
            #expect(result.exitCode == 0)
            #expect(result.stdout.contains("Total (count of Y, recomputed)"))
            #expect(result.stdout.contains("Warning: B7: the printed total is 11, but its column holds 12 yes"))
            #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix("M14  Singing in the group") })
        }
    }

    @Test("--format json prints the document machines read")
    func json() async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["study", "table", "--format", "json"], in: folder)
            #expect(result.exitCode == 0)
            let document = try MatrixJSONDocument.decoder.decode(MatrixJSONDocument.self, from: Data(result.stdout.utf8))
            #expect(document.programmes.map(\.code) == ["A1", "A2", "A3", "A4", "A5", "A6", "B7", "C8"])
            #expect(document.programmes.map(\.recomputedTotal) == [5, 7, 2, 5, 2, 7, 12, 10])
            #expect(document.programmes.map(\.printedTotal) == [5, 7, 2, 5, 2, 7, 11, 10])
        }
    }

    @Test("--format csv prints a header and eight rows")
    func csv() async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["study", "table", "--format", "csv"], in: folder)
            #expect(result.exitCode == 0)
            let lines = result.stdout.split(separator: "\r\n")
            #expect(lines.count == 9)
            #expect(lines.last == "C8,C,N,N,Y,N,Y,Y,N,Y,Y,Y,Y,Y,Y,Y,10,10")
        }
    }

    @Test("an unknown --format is one line on stderr, a non-zero exit and no output or files")
    func unknownFormat() async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["study", "table", "--format", "xml"], in: folder)
            #expect(result.exitCode != 0)
            #expect(result.stderrLines.count == 1)
            #expect(result.stderr.contains("xml"))
            #expect(result.stdout.isEmpty)
            #expect(try visibleFiles(in: folder).isEmpty)
        }
    }
}
