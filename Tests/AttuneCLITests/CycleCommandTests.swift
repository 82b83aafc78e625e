import Foundation
import Testing

/// `attune cycle`, `attune trend` and `attune actions` (issue 27, parts 3 and 4) as an operator runs them.
@Suite("attune cycle, trend and actions")
struct CycleCommandTests {
    @Test("two cycles close, a name is used once, the trend prints per cycle; actions lists the study's suggestions, as text and JSON")
    func cyclesTrendActions() async throws {
        try await withTemporaryFolder { folder async throws in
            #expect(try await AttuneProcess.run(["import", "evidence", AuditCommandTests.studyFile.path], in: folder).exitCode == 0)
            let none = try await AttuneProcess.run(["trend"], in: folder)
            #expect(none.stdout.contains("No audit cycle is closed yet"))
            let closed = try await AttuneProcess.run(["cycle", "close", "--name", "Spring 2008"], in: folder)
            #expect(closed.exitCode == 0 && closed.stdout.contains("Closed the audit cycle Spring 2008: 8 programme profiles frozen under rubric 1.0.0"), "\(closed.stderr)")
            let again = try await AttuneProcess.run(["cycle", "close", "--name", "spring 2008"], in: folder)
            #expect(again.exitCode == 2 && again.stderr.contains("--name") && again.stderr.contains("already closed"))
            #expect(try await AttuneProcess.run(["cycle", "close", "--name", "Summer 2008"], in: folder).exitCode == 0)
            #expect(try await AttuneProcess.run(["cycle", "list"], in: folder).stdout.components(separatedBy: "\n").filter { $0.contains("8 programmes") }.count == 2)

            let trend = try await AttuneProcess.run(["trend"], in: folder)
            #expect(trend.stdout.contains("Spring 2008: 6.2 over 8 programmes; need against provision rho") && trend.stdout.contains("No rating changed between cycles."))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(try await AttuneProcess.run(["trend", "--centre", "A", "--format", "json"], in: folder).stdout.utf8)) as? [String: Any])
            #expect((json["cycles"] as? [[String: Any]])?.count == 2 && (json["changes"] as? [Any])?.isEmpty == true)
            #expect(try await AttuneProcess.run(["trend", "--centre", "A", "--programme", "A1"], in: folder).exitCode != 0)

            let actions = try await AttuneProcess.run(["actions"], in: folder)
            #expect(actions.exitCode == 0 && actions.stdout.contains("A1 [iaim-training] Communication-based (IAIM) training for the lead facilitator."))
            let actionsJSON = try #require(try JSONSerialization.jsonObject(with: Data(try await AttuneProcess.run(["actions", "--format", "json"], in: folder).stdout.utf8)) as? [String: Any])
            let suggestions = try #require(actionsJSON["suggestions"] as? [[String: Any]])
            #expect(suggestions.contains { $0["programme"] as? String == "A1" && $0["rule"] as? String == "one-facilitator" && $0["mechanisms"] as? [String] == ["M3"] })
            let bad = folder.appendingPathComponent("actions.json")
            try Data(#"{"version": "1", "name": "x", "suggestions": [{"id": "a", "gap": "mechanism", "action": "Do.", "why": ""}]}"#.utf8).write(to: bad)
            let refused = try await AttuneProcess.run(["actions", "--actions", bad.path], in: folder)
            #expect(refused.exitCode == 2 && refused.stderr.contains("a mechanism gap names its mechanisms"))
        }
    }
}
