import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// Corrections with history (issue 25): a held session's log changed after its day needs a
/// reason, and each field changed is kept with its old value, who and when, and shown.
@Suite("Corrections of a held session's log")
struct CorrectionHistoryTests {
    @Test("a correction without a reason is refused and changes nothing; with one, each changed field and mark is kept and shown")
    func correctWithReason() async throws {
        try await withAttune(demo: true) { app async throws in
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let before = try await EvidenceStore.load(programmes: ["A1"], on: app.db)
            let session = try #require(before.sessions.first { $0.number == 1 })
            let page = try await facilitator.get("/programmes/A1/sessions/1")
            #expect(page.body.string.contains("Correcting a held session"))
            #expect(!page.body.string.contains("id=\"history-title\""))

            var values = SessionLogController.values(of: session, attendance: before.attendance)
            values["singing"] = session.content.singing == true ? "no" : "yes"
            let marked = try #require(before.attendance.first { $0.sessionId == session.id })
            values["attendance-\(marked.dyadId)"] = marked.status == .absent ? "present" : "absent"
            values["reason-\(marked.dyadId)"] = marked.status == .absent ? "" : "baby unwell"

            let refused = try await facilitator.post("/programmes/A1/sessions/1", values)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("this session was held and logged; say why its log is corrected"))
            #expect(try await EvidenceStore.load(programmes: ["A1"], on: app.db).sessions.first { $0.number == 1 } == session)

            values["correction_reason"] = "Singing was noted against the wrong session"
            #expect(try await facilitator.post("/programmes/A1/sessions/1", values).status == .seeOther)
            let history = try await ChangeStore.history(kind: "session", code: session.id, on: app.db)
            let singing = try #require(history.first { $0.change.field == "content.singing" })
            #expect(singing.change.label == "Singing")
            #expect(singing.change.old == (session.content.singing == true ? "yes" : session.content.singing == false ? "no" : "not recorded"))
            #expect(singing.change.new == (session.content.singing == true ? "no" : "yes"))
            #expect(singing.reason == "Singing was noted against the wrong session" && singing.changedBy == "demo-facilitator-a")
            #expect(history.contains { $0.change.field == "attendance.\(marked.dyadId)" })
            #expect(!history.contains { $0.change.field == "date" || $0.change.field == "notes" })

            let shown = try await facilitator.get("/programmes/A1/sessions/1").body.string
            #expect(shown.contains("id=\"history-title\">Corrections</h2>"))
            #expect(shown.contains("Singing was noted against the wrong session"))
        }
    }

    @Test("a log saved again on its session's day needs no reason and keeps no history")
    func sameDay() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let document = try await EvidenceStore.load(programmes: [DemoProgramme.id], on: app.db)
            let session = try #require(document.sessions.first { $0.number == 1 })
            var values = SessionLogController.values(of: session, attendance: [])
            values["date"] = CalendarDate.today(at: clock.now).description
            _ = try await facilitator.get("/programmes/\(DemoProgramme.id)/sessions/1")
            #expect(try await facilitator.post("/programmes/\(DemoProgramme.id)/sessions/1", values).status == .seeOther)
            values["singing"] = "yes"
            #expect(try await facilitator.post("/programmes/\(DemoProgramme.id)/sessions/1", values).status == .seeOther)
            #expect(try await ChangeStore.history(kind: "session", code: session.id, on: app.db).isEmpty)
        }
    }
}
