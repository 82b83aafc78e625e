import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// Corrections with history (issue 25): a held session's log changed after its day needs a
/// reason, and each field changed is kept with its old value, who and when, and shown.
@Suite("Corrections with history: session logs, registrations, measures")
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

    @Test("her registration corrected with a reason keeps the old value; without a reason, or with a birth date in the future, nothing changes")
    func registration() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let stored = try #require(try await DyadStore.find(code: "A-NOW-D1", on: app.db))
            #expect(try await manager.get("/dyads/A-NOW-D1").body.string.contains("href=\"/dyads/A-NOW-D1/registration\">Correct her registration"))
            #expect(try await manager.get("/dyads/A-NOW-D1/registration").status == .ok)
            var values = RecordForm.values(of: stored)
            values["phone"] = "07700 900999"
            let noReason = try await manager.post("/dyads/A-NOW-D1/registration", values)
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("Say why her registration is corrected."))
            values["correction_reason"] = "She has a new number"
            values["infant_date_of_birth"] = CalendarDate.today(at: clock.now).adding(days: 3).description
            let future = try await manager.post("/dyads/A-NOW-D1/registration", values)
            #expect(future.status == .unprocessableEntity)
            #expect(try await DyadStore.find(code: "A-NOW-D1", on: app.db) == stored)

            values["infant_date_of_birth"] = stored.infantDateOfBirth?.description
            #expect(try await manager.post("/dyads/A-NOW-D1/registration", values).status == .seeOther)
            #expect(try await DyadStore.find(code: "A-NOW-D1", on: app.db)?.phone == "07700 900999")
            let history = try await ChangeStore.history(kind: "dyad", code: "A-NOW-D1", on: app.db)
            #expect(history.map(\.change.field) == ["phone"])
            #expect(history.first?.change.old == stored.phone && history.first?.reason == "She has a new number")
            #expect(try await manager.get("/dyads/A-NOW-D1/registration").body.string.contains("She has a new number"))

            // Not for evaluators, nor for another centre's staff.
            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.get("/dyads/A-NOW-D1/registration").status == .forbidden)
            var other = try await WebSession.signIn(app, as: "demo-facilitator-b")
            #expect(try await other.get("/dyads/A-NOW-D1/registration").status == .notFound)
        }
    }

    @Test("a mother is found by part of her name or her baby's within the user's centres only")
    func search() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            let mother = try #require(try await DyadStore.find(code: "A-NOW-D1", on: app.db)?.motherName)
            let part = String(mother.lowercased().prefix(4))
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let found = try await manager.get("/dyads?name=\(part)")
            #expect(found.status == .ok)
            #expect(found.body.string.contains("href=\"/dyads/A-NOW-D1\""))
            var other = try await WebSession.signIn(app, as: "demo-facilitator-b")
            #expect(!(try await other.get("/dyads?name=\(part)").body.string.contains("href=\"/dyads/A-NOW-D1\"")))
            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.get("/dyads?name=\(part)").status == .forbidden)
            // An administrator's search covers every centre, through the index of names: from three letters.
            var admin = try await WebSession.signIn(app, as: "demo-admin")
            let short = try await admin.get("/dyads?name=\(part.prefix(2))").body.string
            #expect(short.contains("Type at least three letters") && !short.contains("href=\"/dyads/A-NOW-D1\""))
            #expect(try await admin.get("/dyads?name=\(part.prefix(3))").body.string.contains("href=\"/dyads/A-NOW-D1\""))
        }
    }

    @Test("a measure is deleted only with a reason, and what it was is kept; one that raised an alert is kept with it")
    func deleteMeasure() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let today = CalendarDate.today(at: clock.now).description
            #expect(try await facilitator.post("/dyads/A-NOW-D2/measures", PagesTests.epds([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], date: today)).status == .seeOther)
            #expect(try await facilitator.post("/dyads/A-NOW-D2/measures", PagesTests.epds([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], date: today)).status == .seeOther)
            func measures() async throws -> [RecordedMeasure] {
                try await EvidenceStore.load(programmes: [DemoProgramme.id], on: app.db).measurements.filter { $0.dyadId == "A-NOW-D2" && $0.date.description == today }
            }
            let saved = try await measures().sorted { $0.id < $1.id }
            let (plain, alerting) = (saved[0], saved[1])
            #expect(try await facilitator.get("/dyads/A-NOW-D2").body.string.contains("href=\"/dyads/A-NOW-D2/measures/\(plain.id)/delete\""))

            let noReason = try await facilitator.post("/dyads/A-NOW-D2/measures/\(plain.id)/delete", ["reason": " "])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("Say why the measure is deleted."))
            let withAlert = try await facilitator.post("/dyads/A-NOW-D2/measures/\(alerting.id)/delete", ["reason": "Entered twice"])
            #expect(withAlert.status == .unprocessableEntity)
            #expect(withAlert.body.string.contains("raised a safeguarding alert and is kept with it"))
            #expect(try await measures().count == 2)

            #expect(try await facilitator.post("/dyads/A-NOW-D2/measures/\(plain.id)/delete", ["reason": "Entered for the wrong mother"]).status == .seeOther)
            #expect(try await measures().map(\.id) == [alerting.id])
            let kept = try #require(try await ChangeStore.history(kind: "dyad", code: "A-NOW-D2", on: app.db).first)
            #expect(kept.change.field == "measure \(plain.id)" && kept.change.old.contains("EPDS total 4") && kept.change.new == "deleted")
            #expect(kept.reason == "Entered for the wrong mother")

            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.post("/dyads/A-NOW-D2/measures/\(alerting.id)/delete", ["reason": "Entered twice"]).status == .forbidden)
        }
    }

    @Test("a measure is corrected only with a reason: every problem is named at once and nothing changes; corrected, its old scores are kept and shown, her need follows and an alert its new scores call for is raised")
    func correctMeasure() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let today = CalendarDate.today(at: clock.now).description
            #expect(try await facilitator.post("/dyads/A-NOW-D2/measures", PagesTests.epds([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], date: today)).status == .seeOther)
            func measure() async throws -> RecordedMeasure {
                try #require(try await EvidenceStore.load(programmes: [DemoProgramme.id], on: app.db).measurements
                    .first { $0.dyadId == "A-NOW-D2" && $0.date.description == today })
            }
            let saved = try await measure()
            let path = "/dyads/A-NOW-D2/measures/\(saved.id)/correct"
            #expect(try await facilitator.get("/dyads/A-NOW-D2").body.string.contains("href=\"\(path)\""))
            // The form holds the measure as kept.
            let form = try await facilitator.get(path).body.string
            #expect(form.contains(#"<select id="field-epds-item-1" name="item-1"><option value="">Choose</option><option value="0">0</option><option value="1" selected>1</option>"#))

            // No reason, an item left out and a date in the future: all three named, nothing changed.
            var bad = PagesTests.epds([2, 2, 2, 2, 2, 2, 0, 0, 0, 1], date: "2999-01-01")
            bad["item-3"] = ""
            let refused = try await facilitator.post(path, bad)
            #expect(refused.status == .unprocessableEntity)
            let body = refused.body.string
            #expect(body.contains("Say why the measure is corrected.") && body.contains("choose an answer for item 3") && body.contains("2999-01-01 is in the future"))
            #expect(body.contains("The measure was not changed: 3 things to correct"))
            #expect(try await measure().itemScores == saved.itemScores)
            // The same scores again: nothing to correct.
            var same = PagesTests.epds([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], date: today)
            same["reason"] = "Checked"
            #expect(try await facilitator.post(path, same).body.string.contains("Nothing differs from what is kept"))

            var right = PagesTests.epds([2, 2, 2, 2, 2, 2, 0, 0, 0, 1], date: today)
            right["reason"] = "Items 5, 6 and 10 were read from the wrong column"
            #expect(try await facilitator.post(path, right).status == .seeOther)
            #expect(try await measure().itemScores == [2, 2, 2, 2, 2, 2, 0, 0, 0, 1])
            let kept = try #require(try await ChangeStore.history(kind: "dyad", code: "A-NOW-D2", on: app.db).first)
            #expect(kept.change.field == "measure \(saved.id).values" && kept.change.old.contains("EPDS total 4") && kept.change.new.contains("EPDS total 13"))
            #expect(kept.reason == "Items 5, 6 and 10 were read from the wrong column")
            // Her need gathered again from the corrected scores, as deriving it from her measures says.
            let stored = try await MeasureStore.needs(ofDyads: ["A-NOW-D2"], on: app.db)["A-NOW-D2"]
            #expect(stored == (try await MeasureStore.need(ofDyad: "A-NOW-D2", on: app.db)))
            // Item 10 now calls for a same-day alert.
            let alerts = try await AlertStore.all(dyads: ["A-NOW-D2"], centres: nil, on: app.db)
            #expect(alerts.contains { $0.measurementId == saved.id && $0.kind == .selfHarm })
            let page = try await facilitator.get("/dyads/A-NOW-D2").body.string
            #expect(page.contains("Measures corrected or deleted") && page.contains("Items 5, 6 and 10 were read from the wrong column"))

            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.post(path, right).status == .forbidden)
        }
    }

    @Test("a mother who opts out of her channel is reminded on the printed list from then on: her reminders not yet sent are planned again in the correction's transaction; each consent keeps who recorded it")
    func optOutOfAChannel() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            try await ReminderOutbox.refresh(programmes: [DemoProgramme.id], now: clock.now, on: app.db)
            let pending = try await ReminderOutbox.entries(programme: DemoProgramme.id, statuses: [.pending], on: app.db)
            let reminded = try #require(pending.first { $0.channel == .sms || $0.channel == .email })
            let stored = try #require(try await DyadStore.find(code: reminded.dyadId, on: app.db))
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            var values = RecordForm.values(of: stored)
            values["opted_out_channels-\(reminded.channel.rawValue)"] = "true"
            values["consent_to_research"] = stored.consentToResearch == true ? "false" : "true"
            values["correction_reason"] = "She asked for no more \(reminded.channel.label) messages"
            #expect(try await manager.post("/dyads/\(stored.id)/registration", values).status == .seeOther)

            let corrected = try #require(try await DyadStore.find(code: stored.id, on: app.db))
            #expect(corrected.optedOutChannels == [reminded.channel] && corrected.reminderChannel == .printedList)
            let hers = try await ReminderOutbox.entries(programme: DemoProgramme.id, dyad: stored.id, statuses: [.pending], on: app.db)
            #expect(!hers.isEmpty && hers.allSatisfy { $0.channel == .printedList }, "her reminders not yet sent go on the printed list")
            // Only the answer changed names who recorded it.
            #expect(corrected.researchConsentRecordedBy == "Demo manager, centre A")
            #expect(corrected.consentRecordedBy == stored.consentRecordedBy && corrected.contactConsentRecordedBy == stored.contactConsentRecordedBy)
            let page = try await manager.get("/dyads/\(stored.id)").body.string
            #expect(page.contains("<dt>Not to be reminded by</dt><dd>\(reminded.channel.label)</dd>"))
            #expect(page.contains("recorded by Demo manager, centre A"))
        }
    }
}
