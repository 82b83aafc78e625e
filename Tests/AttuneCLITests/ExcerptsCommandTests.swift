import Foundation
import Testing

/// `attune excerpts` (issue 27, part 1) on the study's evidence with seven coded excerpts, whose
/// co-occurrence and divergence are worked out by hand in `TriangulationTests`.
@Suite("attune excerpts")
struct ExcerptsCommandTests {
    static func document(in folder: URL) throws -> URL {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: AuditCommandTests.studyFile)) as? [String: Any])
        func excerpt(_ id: String, _ programme: String, _ codes: [(String, String)]) -> [String: Any] {
            ["id": id, "programme_id": programme, "source": "interview", "speaker_role": "mother", "text": "Said about \(programme).",
             "codes": codes.map { ["mechanism": $0.0, "stance": $0.1] }]
        }
        json["excerpts"] = [excerpt("X1", "A1", [("M4", "contradicts"), ("M7", "contradicts")]), excerpt("X2", "A1", [("M4", "contradicts"), ("M8", "supports")]),
                            excerpt("X3", "A1", [("M4", "contradicts")]), excerpt("X4", "A1", [("M14", "supports")]),
                            excerpt("X5", "A1", [("M14", "supports"), ("M8", "supports")]), excerpt("X6", "A1", [("M14", "supports"), ("M7", "supports")]),
                            excerpt("X7", "A2", [("M3", "contradicts"), ("M4", "supports")])]
        let file = folder.appendingPathComponent("excerpts.json")
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        return file
    }

    @Test("--cooccurrence as JSON is the hand-worked symmetric matrix, from the file and from the database; the triangulation flags A1's M4 and M14")
    func cooccurrenceAndDivergence() async throws {
        try await withTemporaryFolder { folder async throws in
            let file = try Self.document(in: folder)
            let expected: [[Int]] = [[1, 1, 0, 0, 0], [1, 4, 1, 1, 0], [0, 1, 2, 0, 1], [0, 1, 0, 2, 1], [0, 0, 1, 1, 3]]
            for arguments in [["--evidence", file.path], []] {
                if arguments.isEmpty { #expect(try await AttuneProcess.run(["import", "evidence", file.path], in: folder).exitCode == 0) }
                let json = try await AttuneProcess.run(["excerpts", "--cooccurrence", "--format", "json"] + arguments, in: folder)
                #expect(json.exitCode == 0, "\(json.stderr)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
                #expect(object["mechanisms"] as? [String] == ["M3", "M4", "M7", "M8", "M14"])
                #expect(object["counts"] as? [[Int]] == expected)
                let text = try await AttuneProcess.run(["excerpts"] + arguments, in: folder)
                #expect(text.stdout.contains("A1 M4 Setting meets physical needs: rated yes; 0 supporting, 3 contradicting  DIVERGENT"), "\(text.stdout)")
                #expect(text.stdout.contains("2 divergent mechanisms to look at again."))
                #expect(!text.stdout.contains("Said about"), "counts only, never the text")
            }
            // The report reads the ratings beside the excerpts, with the heatmap's table; never their words.
            let report = try await AttuneProcess.run(["report"], in: folder).stdout
            #expect(report.contains("<h2 id=\"said-title\">What people said</h2>") && report.contains("<svg class=\"chart\""))
            #expect(report.contains("<tr><th scope=\"row\">M4</th><td>1</td><td>4</td><td>1</td><td>1</td><td>0</td></tr>"))
            #expect(report.contains("<tr><th scope=\"row\">A1</th><td>M4 Setting meets physical needs</td><td>Yes</td><td>0</td><td>3</td>"))
            #expect(!report.contains("Said about"))
            let csv = try await AttuneProcess.run(["excerpts", "--cooccurrence", "--format", "csv"], in: folder)
            #expect(csv.stdout.hasPrefix("mechanism,M3,M4,M7,M8,M14\r\n"))
            // The same ids again are refused: an import adds new records only.
            let again = try await AttuneProcess.run(["import", "evidence", file.path], in: folder)
            #expect(again.exitCode != 0)
        }
    }
}
