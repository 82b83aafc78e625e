import AttuneCore
import AttuneStore
import FluentKit
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// A mother invited by two centres: each centre's staff see and change only their centre's part
/// of her page (issue 23, item 3).
@Suite("A mother invited by two centres")
struct TwoCentreMotherTests {
    /// Study dyad A1-D01 of centre A's programme A1, also invited to and enrolled in centre B's
    /// B7, with a follow-up, a reminder and an absence reason typed for each centre.
    static let mother = "A1-D01"

    struct Part {
        let centre: String
        let programme: String
        let followUp: String
        let reminder: String
        let absence: String
        /// A facilitator of this centre only (who led one of its sessions).
        let facilitator: String
    }

    static func plant(_ app: Application) async throws -> (a: Part, b: Part) {
        let db = app.db
        let today = CalendarDate.today(at: Date())
        _ = try await Accounts.create(username: "manager-b", displayName: "Manager of centre B", role: .manager, password: testPassword,
                                      centres: ["B"], on: db)
        _ = try await EnrolmentStore.invite(dyad: mother, programme: "B7", mode: .leafletOrPoster, on: today, database: db)
        _ = try await EnrolmentStore.enrol(dyad: mother, programme: "B7", on: today, database: db)
        try await AttendanceStore.record(session: "B7-S1", entries: [Attendance(dyadId: mother, sessionId: "B7-S1", status: .absent,
                                                                                 absenceReason: "ABSENCE-B partner kept her home")],
                                         today: today, database: db)
        try await AttendanceStore.record(session: "A1-S1", entries: [Attendance(dyadId: mother, sessionId: "A1-S1", status: .absent,
                                                                                 absenceReason: "ABSENCE-A no bus fare")],
                                         today: today, database: db)
        let stored = try await EvidenceStore.load(includingMeasures: false, programmes: ["A1", "B7"], on: db)
        func lead(_ programme: String) throws -> String {
            try #require(stored.sessions.first { $0.programmeId == programme && $0.leadFacilitatorId != nil }?.leadFacilitatorId)
        }
        let a = Part(centre: "A", programme: "A1", followUp: "FOLLOW-A rang her", reminder: "REMINDER-A", absence: "ABSENCE-A",
                     facilitator: try lead("A1"))
        let b = Part(centre: "B", programme: "B7", followUp: "FOLLOW-B rang her", reminder: "REMINDER-B", absence: "ABSENCE-B",
                     facilitator: try lead("B7"))
        #expect(a.facilitator != b.facilitator)
        for part in [a, b] {
            _ = try await ReachStore.recordFollowUp(dyad: mother, programme: part.programme, action: part.followUp, by: "Planted",
                                                    now: Date(), on: db)
            try await plantReminder(programme: part.programme, note: part.reminder, on: db)
        }
        return (a, b)
    }

    /// A reminder in the outbox of the programme's first session, with a note to find it by.
    static func plantReminder(programme: String, dyad code: String = mother, note: String, on db: any Database) async throws {
        let programmeModel = try #require(try await ProgrammeModel.query(on: db).filter(\.$code == programme).first())
        let session = try #require(try await SessionModel.query(on: db).filter(\.$code == "\(programme)-S1").first())
        let dyad = try #require(try await DyadModel.query(on: db).filter(\.$code == code).first())
        let reminder = ReminderModel()
        reminder.key = "\(programme)-S1#\(code)#planted"
        reminder.$programme.id = try programmeModel.requireID()
        reminder.$session.id = try session.requireID()
        reminder.$dyad.id = try dyad.requireID()
        reminder.daysBefore = 1
        reminder.channel = ReminderChannel.sms.rawValue
        reminder.address = "07700 900000"
        reminder.message = "See you tomorrow"
        reminder.dueAt = Date().addingTimeInterval(3600).timeIntervalSince1970
        reminder.sessionStartsAt = Date().addingTimeInterval(7200).timeIntervalSince1970
        reminder.status = ReminderStatus.failed.rawValue
        reminder.attempts = 1
        reminder.note = note
        try await reminder.create(on: db)
    }

    static let viewers: [(user: String, centre: String)] = [
        ("demo-facilitator-a", "A"), ("demo-manager-a", "A"), ("demo-facilitator-b", "B"), ("manager-b", "B"),
    ]

    @Test("her page shows each centre only its own follow-ups, reminders, invitations and absences")
    func pageShowsOwnPart() async throws {
        try await withAttune(demo: true) { app async throws in
            let (a, b) = try await Self.plant(app)
            for (user, centre) in Self.viewers {
                let (own, other) = centre == "A" ? (a, b) : (b, a)
                var web = try await WebSession.signIn(app, as: user)
                let page = try await web.get("/dyads/\(Self.mother)")
                #expect(page.status == .ok, "\(user)")
                let html = page.body.string
                for text in [own.followUp, own.reminder, own.absence, "href=\"/programmes/\(own.programme)\""] {
                    #expect(html.contains(text), "\(user) should see \(text)")
                }
                for text in [other.followUp, other.reminder, other.absence, "href=\"/programmes/\(other.programme)\"",
                             "\(other.programme)-S1"] {
                    #expect(!html.contains(text), "\(user) sees \(text) of the other centre")
                }
                // The follow-up form offers only her programme in the user's centre.
                #expect(html.contains("<option value=\"\(own.programme)\""), "\(user)")
                #expect(!html.contains("<option value=\"\(other.programme)\""), "\(user)")
            }
        }
    }

    @Test("a follow-up naming the other centre's programme, or none that exists, is refused alike and stores nothing")
    func followUpNamesOnlyOwnProgramme() async throws {
        try await withAttune(demo: true) { app async throws in
            let (a, b) = try await Self.plant(app)
            for (user, centre) in Self.viewers {
                let (own, other) = centre == "A" ? (a, b) : (b, a)
                var web = try await WebSession.signIn(app, as: user)
                let before = try await FollowUpActionModel.query(on: app.db).count()
                let crossing = try await web.post("/dyads/\(Self.mother)/follow-ups", ["programme": other.programme, "action": "Crossed over."])
                #expect(crossing.status == .unprocessableEntity, "\(user) naming \(other.programme): \(crossing.status)")
                let unknown = try await web.post("/dyads/\(Self.mother)/follow-ups", ["programme": "NO-SUCH", "action": "Crossed over."])
                #expect(unknown.status == .unprocessableEntity)
                #expect(Self.problem(crossing.body.string) == Self.problem(unknown.body.string),
                        "another centre's programme answers as one that does not exist")
                #expect(!crossing.body.string.contains(other.followUp), "the page shown again keeps to the user's centre")
                #expect(try await FollowUpActionModel.query(on: app.db).count() == before, "\(user): nothing stored")
                let allowed = try await web.post("/dyads/\(Self.mother)/follow-ups", ["programme": own.programme, "action": "Rang her again."])
                #expect(allowed.status == .seeOther, "\(user)")
                #expect(try await FollowUpActionModel.query(on: app.db).count() == before + 1)
            }
        }
    }

    @Test("the other centre's session logs answer 404 on every verb; a lead from the other centre is refused")
    func sessionLogsOfTheOtherCentre() async throws {
        try await withAttune(demo: true) { app async throws in
            let (a, b) = try await Self.plant(app)
            let study = try await EvidenceStore.load(includingMeasures: false, programmes: ["A1", "B7"], on: app.db)
            for (user, centre) in Self.viewers {
                let (own, other) = centre == "A" ? (a, b) : (b, a)
                let date = try #require(study.sessions.first { $0.id == "\(own.programme)-S2" }?.date).description
                var web = try await WebSession.signIn(app, as: user)
                let otherLog = "/programmes/\(other.programme)/sessions/2"
                #expect(try await web.get(otherLog).status == .notFound, "\(user) GET \(otherLog)")
                #expect(try await web.post(otherLog, ["date": "2010-01-01", "notes": "Crossed over."]).status == .notFound,
                        "\(user) POST \(otherLog)")
                // Her register in the user's own programme, led by someone of the other centre: refused.
                let ownLog = "/programmes/\(own.programme)/sessions/2"
                #expect(try await web.get(ownLog).status == .ok)
                let refused = try await web.post(ownLog, ["date": date, "lead_facilitator_id": other.facilitator,
                                                          "present-\(other.facilitator)": "on", "notes": "Crossed over."])
                #expect(refused.status == .unprocessableEntity, "\(user) naming \(other.facilitator) as lead")
                #expect(refused.body.string.contains("Choose who led from the list."))
                let saved = try await web.post(ownLog, ["date": date, "lead_facilitator_id": own.facilitator, "present-\(own.facilitator)": "on",
                                                        "correction_reason": "The lead was recorded wrongly"])
                #expect(saved.status == .seeOther, "\(user): \(saved.status) \(Self.problems(saved.body.string))")
            }
            let stored = try await EvidenceStore.load(includingMeasures: false, programmes: ["A1", "B7"], on: app.db)
            #expect(!stored.sessions.contains { $0.notes == "Crossed over." })
        }
    }

    @Test("a measure and its alert belong to the centre that recorded it: the other centre neither sees nor closes them; a user of neither gets 404")
    func measuresAndAlertsOfTheRecordingCentre() async throws {
        try await withAttune(demo: true) { app async throws in
            _ = try await Self.plant(app)
            var facilitatorB = try await WebSession.signIn(app, as: "demo-facilitator-b")
            let saved = try await facilitatorB.post("/dyads/\(Self.mother)/measures", PagesTests.epds([0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
                                                    date: CalendarDate.today(at: Date()).description, timepoint: "follow_up"))
            #expect(saved.status == .seeOther, "\(Self.problems(saved.body.string))")
            let alert = try #require(try await AlertStore.all(openOnly: true, dyads: [Self.mother], on: app.db).first)
            for (user, centre) in Self.viewers {
                var web = try await WebSession.signIn(app, as: user)
                let page = try await web.get("/dyads/\(Self.mother)").body.string
                let dashboard = try await web.get("/").body.string
                // Centre B's: its alert to close, on her page and the dashboard, and its measure
                // (given by B's facilitator). Centre A's staff see none of it.
                #expect(page.contains("/alerts/\(alert.id)/close") == (centre == "B"), "\(user)")
                #expect(dashboard.contains("<a href=\"/dyads/\(Self.mother)#alerts\"><strong>Same-day follow-up · ") == (centre == "B"), "\(user): dashboard")
                #expect(page.contains("Demo facilitator, centre B") == (centre == "B"), "\(user): the measure")
            }
            // Centre A's manager cannot close it: as if it did not exist.
            var managerA = try await WebSession.signIn(app, as: "demo-manager-a")
            #expect(try await managerA.post("/alerts/\(alert.id)/close", ["action": "Rang her and her GP today."]).status == .notFound)
            #expect(try await AlertStore.find(alert.id, on: app.db)?.closedAt == nil)
            // Nor correct or delete the measure: as if it did not exist; centre B's facilitator can.
            let measure = try #require(try await EvidenceStore.load(programmes: ["B7"], on: app.db).measurements
                .first { $0.dyadId == Self.mother && $0.timepoint == .followUp })
            #expect(try await managerA.get("/dyads/\(Self.mother)/measures/\(measure.id)/correct").status == .notFound)
            #expect(try await managerA.post("/dyads/\(Self.mother)/measures/\(measure.id)/delete", ["reason": "Not ours"]).status == .notFound)
            #expect(try await facilitatorB.get("/dyads/\(Self.mother)/measures/\(measure.id)/correct").status == .ok)
            // A user of neither of her centres: as if the mother and the alert did not exist.
            _ = try await Accounts.create(username: "facilitator-c", displayName: "Facilitator of C", role: .facilitator,
                                          password: testPassword, centres: ["C"], on: app.db)
            var facilitatorC = try await WebSession.signIn(app, as: "facilitator-c")
            #expect(try await facilitatorC.get("/dyads/\(Self.mother)").status == .notFound)
            #expect(try await facilitatorC.post("/dyads/\(Self.mother)/measures", PagesTests.epds([0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).status == .notFound)
            #expect(try await facilitatorC.post("/alerts/\(alert.id)/close", ["action": "Rang her and her GP today."]).status == .notFound)
            #expect(try await facilitatorC.post("/alerts/NO-SUCH-ALERT/close", ["action": "Rang her and her GP today."]).status == .notFound)
            // Centre B's manager closes it.
            var managerB = try await WebSession.signIn(app, as: "manager-b")
            #expect(try await managerB.post("/alerts/\(alert.id)/close", ["action": "Rang her and her GP today."]).status == .seeOther)
            // An administrator, of every centre, sees it; a measure from an evidence document
            // (no recording centre) is seen by both of her centres.
            var admin = try await WebSession.signIn(app, as: "demo-admin")
            #expect(try await admin.get("/dyads/\(Self.mother)").body.string.contains("Demo facilitator, centre B"))
        }
    }

    static func problems(_ html: String) -> [String] {
        html.matches(of: /class="field-error"[^>]*>([^<]*)</).map { String($0.1) }
    }

    /// The message shown beside the follow-up's programme field.
    static func problem(_ html: String) -> String? {
        html.firstMatch(of: /id="field-follow-programme-error"[^>]*>([^<]*)</).map { String($0.1) }
    }
}
