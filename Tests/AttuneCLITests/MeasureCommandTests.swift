import Foundation
import Testing

@Suite("attune measure, alerts and need")
struct MeasureCommandTests {
    /// A folder with a database holding one dyad, D1.
    func withDyad(_ body: (URL) async throws -> Void) async throws {
        try await withTemporaryFolder { folder async throws in
            try Data(#"{"format":"attune-evidence","version":1,"dyads":[{"id":"D1","consent_to_records":true,"social_risk_factors":["single_parent"]}]}"#.utf8)
                .write(to: folder.appendingPathComponent("dyad.json"))
            #expect(try await AttuneProcess.run(["import", "evidence", "dyad.json"], in: folder).exitCode == 0)
            try await body(folder)
        }
    }

    @Test("recording an EPDS with item 10 above 0 prints the scores, the alert and the need at once")
    func recordRaisesAlert() async throws {
        try await withDyad { folder in
            let result = try await AttuneProcess.run(["measure", "record", "--dyad", "D1", "--instrument", "epds", "--timepoint", "before",
                                                "--date", "2024-03-01", "--by", "HV Patel", "--values", "1,1,1,1,1,1,1,1,1,1"], in: folder)
            #expect(result.exitCode == 0)
            #expect(result.stdout.contains("EPDS total 10 of 30 (possible depression"))
            #expect(result.stdout.contains("ALERT D1-epds-before-self_harm (self_harm, due by 2024-03-01)"))
            #expect(result.stdout.contains("Level of need for D1: high: EPDS item 10 (self-harm) scored 1 before the programme"))
            let alerts = try await AttuneProcess.run(["alerts"], in: folder)
            #expect(alerts.stdout.contains("D1-epds-before-self_harm  dyad D1  self_harm  OPEN, due by 2024-03-01"))
            let need = try await AttuneProcess.run(["need"], in: folder)
            #expect(need.stdout == "D1  high: EPDS item 10 (self-harm) scored 1 before the programme\n")
        }
    }

    @Test("an alert closes only with an action note; the closer is recorded")
    func closeAlert() async throws {
        try await withDyad { folder in
            _ = try await AttuneProcess.run(["measure", "record", "--dyad", "D1", "--instrument", "epds", "--timepoint", "before",
                                       "--date", "2024-03-01", "--by", "HV", "--values", "0,0,0,0,0,0,0,0,0,3"], in: folder)
            let refused = try await AttuneProcess.run(["alerts", "close", "D1-epds-before-self_harm", "--action", "ok", "--by", "S. Ahmed"], in: folder)
            #expect(refused.exitCode == 2)
            #expect(refused.stderr.contains("action_taken: write the action taken"))
            let closed = try await AttuneProcess.run(["alerts", "close", "D1-epds-before-self_harm",
                                                "--action", "Crisis team visited the same day.", "--by", "S. Ahmed"], in: folder)
            #expect(closed.exitCode == 0)
            #expect(try await AttuneProcess.run(["alerts"], in: folder).stdout == "No open safeguarding alerts.\n")
            #expect(try await AttuneProcess.run(["alerts", "list", "--all"], in: folder).stdout.contains("closed by S. Ahmed: Crisis team visited the same day."))
        }
    }

    @Test("bad measures name the field, exit 2 and store nothing",
          arguments: [
            (["--instrument", "epds", "--timepoint", "before", "--date", "2024-03-01", "--values", "1,1,1"], "EPDS items: needs 10 item scores, got 3"),
            (["--instrument", "epds", "--timepoint", "before", "--date", "2999-01-01", "--values", "1,1,1,1,1,1,1,1,1,1"], "is in the future"),
            (["--instrument", "care_index", "--timepoint", "before", "--date", "2024-03-01", "--values", "9,4,2,7,3,2,2"], "they must sum to 14"),
            (["--instrument", "epds", "--timepoint", "before", "--date", "1 March", "--values", "1,1,1,1,1,1,1,1,1,1"], "is not a date"),
          ])
    func badMeasure(arguments: [String], message: String) async throws {
        try await withDyad { folder in
            let result = try await AttuneProcess.run(["measure", "record", "--dyad", "D1", "--by", "HV"] + arguments, in: folder)
            #expect(result.exitCode == 2)
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(try await AttuneProcess.run(["need"], in: folder).stdout == "D1  unknown: nothing measured yet\n")
        }
    }

    @Test("an after measure dated before the before measure is refused")
    func afterBeforeBefore() async throws {
        try await withDyad { folder in
            _ = try await AttuneProcess.run(["measure", "record", "--dyad", "D1", "--instrument", "epds", "--timepoint", "before",
                                       "--date", "2024-03-01", "--by", "HV", "--values", "0,0,0,0,0,0,0,0,0,0"], in: folder)
            let result = try await AttuneProcess.run(["measure", "record", "--dyad", "D1", "--instrument", "epds", "--timepoint", "after",
                                                "--date", "2024-02-01", "--by", "HV", "--values", "0,0,0,0,0,0,0,0,0,0"], in: folder)
            #expect(result.exitCode == 2)
            #expect(result.stderr.contains("the after measure (2024-02-01) is dated before the before measure (2024-03-01)"))
        }
    }
}
