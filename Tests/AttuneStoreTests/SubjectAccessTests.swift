import AttuneCore
import FluentKit
import Foundation
import Testing
@testable import AttuneStore

/// A mother's right of access (issue 26): everything held about her, and nobody else's.
@Suite("Subject access")
struct SubjectAccessTests {
    @Test("her registration, invitation, measures with scores, alert, reminders and corrections, as JSON; another mother's records are not in it")
    func everythingHeld() async throws {
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            var document = ReminderRunnerTests.document()
            document.dyads[0].postalAddress = "4 Elm Row"
            try await EvidenceStore.save(document, now: ReminderRunnerTests.now, on: db)
            let measure = RecordedMeasure(id: "E1", dyadId: "D1", instrument: .epds, timepoint: .before, date: CalendarDate("2026-03-20")!,
                                          administeredBy: "HV Patel", itemScores: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
            try await MeasureStore.record(measure, today: CalendarDate("2026-03-30")!, now: ReminderRunnerTests.now, by: "HV Patel", on: db)
            var corrected = try #require(try await DyadStore.find(code: "D1", on: db))
            corrected.phone = "07700 900999"
            try await DyadStore.correct(corrected, reason: "new number", today: CalendarDate("2026-03-30")!, by: "jo", now: ReminderRunnerTests.now, on: db)

            let access = try await SubjectAccess.gather(dyad: "D1", now: ReminderRunnerTests.now, on: db)
            #expect(access.dyad.postalAddress == "4 Elm Row" && access.dyad.phone == "07700 900999")
            #expect(access.invitations.map(\.dyadId) == ["D1"])
            #expect(access.measures.map(\.measure.id) == ["E1"] && access.measures[0].scores.contains("EPDS total 10"))
            #expect(access.alerts.map(\.kind) == ["self_harm"])
            #expect(access.corrections.map(\.field) == ["Mobile phone"] && access.corrections[0].reason == "new number")
            let json = String(decoding: try access.json(), as: UTF8.self)
            #expect(json.contains("\"postal_address\" : \"4 Elm Row\"") && json.contains("\"generated_at\""))
            #expect(!json.contains("Mother D2") && !json.contains("d2@example.org"))

            await #expect(throws: ReachInputError.self) { try await SubjectAccess.gather(dyad: "NOBODY", now: ReminderRunnerTests.now, on: db) }
        }
    }
}
