import Foundation
import Testing

@Suite("attune score")
struct ScoreCommandTests {
    @Test("epds prints the total, band and anxiety subscale")
    func epdsText() async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["score", "epds", "0,1,2,1,0,2,1,0,1,0"], in: folder)
            #expect(result.exitCode == 0)
            #expect(result.stdout == "EPDS total 8 of 30 (below the cut-off; possible from 10, probable from 13); anxiety (EPDS-3A) 3 of 9\n")
        }
    }

    @Test("epds --json carries total, anxiety subscale, band and the self-harm flag")
    func epdsJSON() async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["score", "epds", "3,3,2,2,1,1,1,1,0,1", "--json"], in: folder)
            #expect(result.exitCode == 0)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let score = try #require(json["score"] as? [String: Any])
            #expect(score["total"] as? Int == 15)
            #expect(score["anxiety"] as? Int == 5)
            #expect(score["band"] as? String == "probable_depression")
            #expect(score["self_harm"] as? Bool == true)
        }
    }

    @Test("options chosen are keyed as published")
    func options() async throws {
        try await withTemporaryFolder { folder async throws in
            // Top option for every item: items 3 and 5-10 score 3 each.
            let result = try await AttuneProcess.run(["score", "epds", "--options", "0,0,0,0,0,0,0,0,0,0"], in: folder)
            #expect(result.stdout.hasPrefix("EPDS total 21 of 30"))
        }
    }

    @Test("bad input names the item and the allowed range, exits 2, and prints no score",
          arguments: [
            (["score", "epds", "0,1,2,1,0,2,1,0,1"], "EPDS items: needs 10 item scores, got 9 (an incomplete EPDS is not prorated)"),
            (["score", "epds", "0,1,2,5,0,2,1,0,1,0"], "EPDS item 4: 5 is outside 0-3"),
            (["score", "psi", "30,25,70", "--subscales"], "PSI-SF Difficult Child: 70 is outside 12-60"),
            (["score", "care", "--adult", "8,4,3", "--infant", "7,3,2,2"], "CARE-Index adult scales: sensitivity + control + unresponsiveness = 15; they must sum to 14"),
            (["score", "wmci", "anxious"], "WMCI classification: 'anxious' is not one of balanced, disengaged, distorted"),
            (["score", "itq", "3,4,2.5,3,4,7,3,3,4"], "ITQ mood: 7 is outside 1-6"),
          ])
    func badInput(arguments: [String], message: String) async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(arguments, in: folder)
            #expect(result.exitCode == 2)
            #expect(result.stderr == "attune: error: \(message)\n")
            #expect(result.stdout.isEmpty)
            #expect(try visibleFiles(in: folder).isEmpty)
        }
    }
}
