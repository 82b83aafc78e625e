import AttuneCore
import AttuneStore
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import AttuneWeb

/// Setting up a programme from the web (issue 25): the form is the programme's one definition,
/// saving makes the planned weekly sessions, and every refusal names its field and stores nothing.
@Suite("Programme set-up")
struct ProgrammeSetUpTests {
    static func form(lead: String, centre: String = "A", start: String = "2026-12-14") -> [String: String] {
        ["centre_id": centre, "name": "Winter massage", "venue": "Oak Room, first floor", "start_date": start, "start_time": "10:30",
         "planned_sessions": "5", "session_minutes": "60", "place_limit": "8", "lead_facilitator_id": lead,
         "reminders_first": "7, 2", "reminders_later": "1", "reminders_at": "09:00"]
    }

    static func lead(of centre: String, on app: Application) async throws -> Facilitator {
        try #require(try await ScopeStore.facilitators(of: [centre], on: app.db).first)
    }

    @Test("a manager sets up five weekly sessions: the programme and its planned sessions are stored, and its profile counts none held")
    func setsUp() async throws {
        try await withAttune(demo: true) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let page = try await manager.get("/programmes/new")
            #expect(page.status == .ok)
            for name in ProgrammeSetUpController.fields {
                let field = try #require(EvidenceRecords.programme.fields.first { $0.name == name })
                #expect(page.body.string.contains("<label for=\"field-\(name)\">\(field.label)</label>"), "\(name)")
            }
            #expect(try await manager.get("/programmes").body.string.contains("href=\"/programmes/new\""))

            let lead = try await Self.lead(of: "A", on: app)
            let before = try await ScopeStore.programmes(centres: ["A"], on: app.db)
            let saved = try await manager.post("/programmes/new", Self.form(lead: lead.id))
            #expect(saved.status == .seeOther)
            let code = try #require(try await ScopeStore.programmes(centres: ["A"], on: app.db).subtracting(before).first)
            #expect(saved.headers.first(name: .location) == "/programmes/\(code)")

            let document = try await EvidenceStore.load(programmes: [code], on: app.db)
            let programme = try #require(document.programmes.first)
            #expect(programme.name == "Winter massage" && programme.venue == "Oak Room, first floor" && programme.placeLimit == 8)
            #expect(programme.startDate == CalendarDate("2026-12-14") && programme.endDate == CalendarDate("2027-01-11"))
            #expect(programme.startTime == ClockTime("10:30"))
            #expect(programme.reminders == ReminderSchedule(daysBeforeFirst: [7, 2], daysBeforeLater: [1], sendAt: ClockTime("09:00")!))
            let sessions = document.sessions.sorted { $0.number < $1.number }
            #expect(sessions.map(\.number) == [1, 2, 3, 4, 5])
            #expect(sessions.map { $0.date?.description ?? "" } == ["2026-12-14", "2026-12-21", "2026-12-28", "2027-01-04", "2027-01-11"])
            #expect(sessions.allSatisfy { $0.planned == true && $0.leadFacilitatorId == lead.id && $0.facilitatorsPresent == [lead.id] })

            let shown = try await manager.get("/programmes/\(code)")
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("Set up Winter massage with 5 planned sessions, the first on 2026-12-14."))
            #expect(shown.body.string.contains("0 of 5 planned sessions held") || shown.body.string.contains("no session held"))
        }
    }

    @Test("sessions on days chosen one by one: one planned session on each, in order; a day that is not a date is refused")
    func daysChosen() async throws {
        try await withAttune(demo: true) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            _ = try await manager.get("/programmes/new")
            var form = Self.form(lead: try await Self.lead(of: "A", on: app).id, start: "")
            form["session_dates"] = "2027-01-05, 2026-12-15 2026-12-18"
            let before = try await ScopeStore.programmes(centres: ["A"], on: app.db)
            #expect(try await manager.post("/programmes/new", form).status == .seeOther)
            let code = try #require(try await ScopeStore.programmes(centres: ["A"], on: app.db).subtracting(before).first)
            let document = try await EvidenceStore.load(programmes: [code], on: app.db)
            #expect(document.sessions.sorted { $0.number < $1.number }.map { $0.date?.description ?? "" } == ["2026-12-15", "2026-12-18", "2027-01-05"])
            #expect(document.programmes.first.map { ($0.plannedSessions, $0.startDate?.description, $0.endDate?.description) }
                    .map { $0 == (3, "2026-12-15", "2027-01-05") } == true)
            form["session_dates"] = "2026-12-15, soon"
            let wrong = try await manager.post("/programmes/new", form)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("&#39;soon&#39; is not a date"))
        }
    }

    @Test("every wrong value is named beside its field at once, and nothing is stored")
    func refused() async throws {
        try await withAttune(demo: true) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            _ = try await manager.get("/programmes/new")
            let before = try await ScopeStore.programmes(centres: nil, on: app.db)
            var form = Self.form(lead: "")
            form["planned_sessions"] = "60"
            form["start_date"] = "next week"
            form["start_time"] = "25:00"
            form["name"] = ""
            form["reminders_first"] = "40"
            let wrong = try await manager.post("/programmes/new", form)
            #expect(wrong.status == .unprocessableEntity)
            let body = wrong.body.string
            #expect(body.contains("The programme was not set up: 6 things to correct"))
            for message in ["60 is outside 1-52.", "is not a date; use YYYY-MM-DD.", "is not a time; use HH:MM", "Give the name.",
                            "Give whole numbers of days from 0 to 28", "Choose who leads the sessions."] {
                #expect(body.contains(message), "\(message)")
            }
            // What was typed stays in the form.
            #expect(body.contains("value=\"Oak Room, first floor\""))

            // A centre outside her own, and a lead from another centre.
            let otherCentre = try await manager.post("/programmes/new", Self.form(lead: try await Self.lead(of: "A", on: app).id, centre: "B"))
            #expect(otherCentre.status == .unprocessableEntity)
            #expect(otherCentre.body.string.contains("Choose a centre from the list."))
            // A facilitator of centre B only, so that the refusal below always runs.
            try await FacilitatorStore.add(Facilitator(id: "F-B-ONLY", name: "Bo Only", role: .midwife, trainingBody: .other), centres: ["B"],
                                           on: app.db)
            #expect(!(try await ScopeStore.facilitators(of: ["A"], on: app.db).map(\.id).contains("F-B-ONLY")))
            let otherLead = try await manager.post("/programmes/new", Self.form(lead: "F-B-ONLY"))
            #expect(otherLead.status == .unprocessableEntity)
            #expect(otherLead.body.string.contains("Choose a facilitator of"))
            #expect(try await ScopeStore.programmes(centres: nil, on: app.db) == before)
        }
    }

    @Test("an evaluator cannot set one up; an administrator can, for a new centre whose facilitator was just assigned")
    func whoMay() async throws {
        try await withAttune(demo: true) { app async throws in
            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.get("/programmes/new").status == .forbidden)
            #expect(try await evaluator.post("/programmes/new", Self.form(lead: "x")).status == .forbidden)

            var admin = try await WebSession.signIn(app)
            _ = try await admin.get("/admin/centres")
            #expect(try await admin.post("/admin/centres", ["id": "OAK", "name": "Oak Tree", "deprivation_decile": "2"]).status == .seeOther)
            _ = try await admin.get("/admin/facilitators")
            #expect(try await admin.post("/admin/facilitators", ["id": "F-OAK", "name": "Rosa Okafor", "role": "health_visitor",
                                                                  "training_body": "iaim", "centres": "OAK"]).status == .seeOther)
            #expect(try await ScopeStore.facilitators(of: ["OAK"], on: app.db).map(\.id) == ["F-OAK"])
            _ = try await admin.get("/programmes/new")
            let saved = try await admin.post("/programmes/new", Self.form(lead: "F-OAK", centre: "OAK"))
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == "/programmes/OAK-1")
        }
    }

    @Test("a mother already reminded of a session that moves is told its new day at once, once")
    func movedAfterAReminder() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            let code = DemoProgramme.id
            let today = CalendarDate.today(at: clock.now)
            try await ReminderOutbox.refresh(programmes: [code], now: clock.now, on: app.db)
            let fourth = try await ReminderOutbox.entries(programme: code, statuses: [.pending], on: app.db).filter { $0.sessionId == "\(code)-S4" }
            let told = try #require(fourth.first)
            try await (app.db as! any SQLDatabase).raw("UPDATE reminders SET status = 'sent' WHERE key = \(bind: told.key)").run()
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let moved = today.adding(days: 30)
            for _ in 0..<2 {
                #expect(try await manager.post("/programmes/\(code)/sessions/4/plan", ["action": "move", "date": moved.description]).status == .seeOther)
            }
            let news = try await ReminderOutbox.entries(programme: code, dyad: told.dyadId, statuses: [.pending], on: app.db)
                .filter { $0.key.hasSuffix("#moved-\(moved)") }
            #expect(news.count == 1)
            #expect(news.first?.message.contains("has moved to \(LocalClock.london.spoken(moved, ClockTime(hour: 10, minute: 0)!))") == true)
            #expect(news.first.map { $0.dueAt <= clock.now } == true, "due at once")
            // Mothers not yet reminded of it are not told twice: their reminders were planned again.
            let others = try await ReminderOutbox.entries(programme: code, statuses: [.pending], on: app.db)
                .filter { $0.key.contains("#moved-") && $0.dyadId != told.dyadId }
            #expect(others.isEmpty)
        }
    }

    @Test("a planned session moved: its pending reminders follow the new date; cancelled with a reason: it is never reminded; held ones and the past are refused")
    func moveAndCancel() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            let code = DemoProgramme.id
            let today = CalendarDate.today(at: clock.now)
            try await ReminderOutbox.refresh(programmes: [code], now: clock.now, on: app.db)
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let form = try await manager.get("/programmes/\(code)/sessions/2/plan")
            #expect(form.status == .ok)
            #expect(try await manager.get("/programmes/\(code)").body.string.contains("href=\"/programmes/\(code)/sessions/2/plan\">Move or cancel"))

            // Moved a day later: the reminder the day before now falls a day later too.
            let moved = today.adding(days: 8)
            #expect(try await manager.post("/programmes/\(code)/sessions/2/plan", ["action": "move", "date": moved.description]).status == .seeOther)
            let sessions = try await EvidenceStore.load(programmes: [code], on: app.db).sessions
            #expect(sessions.first { $0.number == 2 }?.date == moved)
            let pending = try await ReminderOutbox.entries(programme: code, statuses: [.pending], on: app.db).filter { $0.sessionId == "\(code)-S2" }
            #expect(!pending.isEmpty)
            let dayBefore = LocalClock.london.instant(moved.adding(days: -1), ReminderSchedule.standard.sendAt)
            #expect(pending.allSatisfy { $0.daysBefore != 1 || $0.dueAt == dayBefore })
            #expect(pending.allSatisfy { $0.message.contains(LocalClock.london.spoken(moved, ClockTime(hour: 10, minute: 0)!)) || $0.daysBefore != 1 })

            // Cancelled: a reason is needed; then nothing is sent for it, whenever the runner runs.
            let noReason = try await manager.post("/programmes/\(code)/sessions/3/plan", ["action": "cancel", "reason": ""])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("Say why it is cancelled, in plain words."))
            #expect(try await manager.post("/programmes/\(code)/sessions/3/plan", ["action": "cancel", "reason": "Room flooded"]).status == .seeOther)
            let third = try #require(try await EvidenceStore.load(programmes: [code], on: app.db).sessions.first { $0.number == 3 })
            #expect(third.cancelled && third.cancelledReason == "Room flooded")
            #expect(try await manager.get("/programmes/\(code)").body.string.contains("cancelled: Room flooded"))
            let dayBeforeThird = LocalClock.london.instant(today.adding(days: 13), ClockTime(hour: 12, minute: 0)!)
            let results = try await ReminderRunner().run(now: dayBeforeThird, on: app.db)
            #expect(!results.contains { $0.session == "\(code)-S3" && ($0.outcome == .sent || $0.outcome == .listed) })

            // Refused: the past, a cancelled session again, a held session, another centre's.
            let past = try await manager.post("/programmes/\(code)/sessions/4/plan", ["action": "move", "date": today.adding(days: -1).description])
            #expect(past.status == .unprocessableEntity)
            #expect(past.body.string.contains("is before today"))
            #expect(try await manager.post("/programmes/\(code)/sessions/3/plan", ["action": "cancel", "reason": "again"]).status == .unprocessableEntity)
            let held = try await manager.post("/programmes/A1/sessions/1/plan", ["action": "cancel", "reason": "x"])
            #expect(held.status == .unprocessableEntity)
            #expect(held.body.string.contains("was held; correct its log instead"))
            #expect(try await manager.get("/programmes/B7/sessions/1/plan").status == .notFound)
            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.post("/programmes/\(code)/sessions/4/plan", ["action": "cancel", "reason": "x"]).status == .forbidden)
        }
    }

    @Test("the records behind a rating read as words, not codes: a mother at session 1, session 2")
    func evidenceInWords() {
        #expect(ProgrammePage.plainWords("attendance A3-D01@A3-S1", programme: "A3") == "A3-D01 at session 1")
        #expect(ProgrammePage.plainWords("session A3-S12", programme: "A3") == "session 12")
        #expect(ProgrammePage.plainWords("invitation I-7", programme: "A3") == "invitation I-7")
    }

    @Test("a stored record's values in a form: the number 1 stays 1 (not 'true'), a yes stays yes, a list is joined")
    func formValues() {
        let programme = Programme(id: "P", centreId: "C", name: "One place", plannedSessions: 1, placeLimit: 1)
        let values = RecordForm.values(of: programme)
        #expect(values["planned_sessions"] == "1" && values["place_limit"] == "1")
        var dyad = Dyad(id: "D", socialRiskFactors: [.singleParent, .lowIncome], consentToRecords: true)
        dyad.consentToContact = false
        let dyadValues = RecordForm.values(of: dyad)
        #expect(dyadValues["consent_to_records"] == "true" && dyadValues["consent_to_contact"] == "false")
        #expect(dyadValues["social_risk_factors"] == "single_parent, low_income")
    }
}
