import AttuneCore
import AttuneStore
import FluentKit
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

@Suite("Pages: session log, measures and alerts, pseudonymisation, free text")
struct PagesTests {
    /// The rating badge of one mechanism on a programme page: "NA", "Y", "V" or "N".
    static func badge(_ html: String, _ mechanism: String) -> String? {
        guard let row = html.range(of: "id=\"mechanism-\(mechanism)\"") else { return nil }
        let after = html[row.upperBound...]
        return after.firstMatch(of: /<span aria-hidden="true">([A-Z]+)<\/span>/).map { String($0.1) }
    }

    /// The text around the first `needle`, or nil.
    static func context(of needle: String, in html: String) -> String? {
        guard let range = html.range(of: needle) else { return nil }
        let start = html.index(range.lowerBound, offsetBy: -150, limitedBy: html.startIndex) ?? html.startIndex
        return String(html[start..<range.upperBound])
    }

    static func sessionForm(_ extra: [String: String]) -> [String: String] {
        ["date": CalendarDate.today(at: Date()).description, "lead_facilitator_id": "F1", "present-F1": "on",
         "attendance-A-NOW-D1": "present", "attendance-A-NOW-D2": "late", "attendance-A-NOW-D3": "absent",
         "reason-A-NOW-D3": "no bus fare", "attendance-A-NOW-D4": "present"].merging(extra) { _, new in new }
    }

    @Test("a session that taught infant cues (with the baby's permission) changes the profile at once")
    func sessionLogChangesProfile() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let before = try await web.get("/programmes/A-NOW").body.string
            #expect(Self.badge(before, "M13") == "NA")
            let form = try await web.get("/programmes/A-NOW/sessions/1")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("<label for=\"field-date\">Date</label>"))
            let saved = try await web.post("/programmes/A-NOW/sessions/1",
                                           Self.sessionForm(["infant_cues_taught": "yes", "baby_permission_asked": "yes", "notes": "Lovely group."]))
            #expect(saved.status == .seeOther)
            let after = try await web.get(try #require(saved.headers.first(name: .location)))
            #expect(after.body.string.contains("Saved the log of session 1"))
            // Said from the address, and only of a session the programme has.
            #expect(!(try await web.get("/programmes/A-NOW?logged=99").body.string.contains("Saved the log")))
            #expect(!(try await web.get("/programmes/A-NOW").body.string.contains("Saved the log")))
            #expect(Self.badge(after.body.string, "M13") == "Y")
            #expect(after.body.string.contains("4 of 8 places taken"))
            let stored = try await EvidenceStore.load(includingMeasures: false, programmes: ["A-NOW"], on: app.db)
            #expect(stored.attendance.count == 4)
            #expect(stored.attendance.first { $0.dyadId == "A-NOW-D3" }?.absenceReason == "no bus fare")
        }
    }

    @Test("a session log with mistakes is refused whole, with each message beside its field")
    func sessionLogErrors() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let response = try await web.post("/programmes/A-NOW/sessions/1", Self.sessionForm([
                "room_temperature_celsius": "51", "date": "2999-01-01", "lead_facilitator_id": "F2", "infant_cues_taught": "yes"]))
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("Nothing was saved: 3 things to correct"))
            #expect(html.contains(#"<p class="field-error" id="field-room_temperature_celsius-error">51 is outside 0-45 °C</p>"#))
            #expect(html.contains("the lead must be one of the facilitators present"))
            #expect(html.contains("is in the future"))
            #expect(html.contains(#"value="51""#), "the form keeps what was typed")
            let stored = try await EvidenceStore.load(includingMeasures: false, programmes: ["A-NOW"], on: app.db)
            #expect(stored.attendance.isEmpty)
            #expect(stored.sessions.first { $0.number == 1 }?.content.infantCuesTaught == nil)
            let notNumber = try await web.post("/programmes/A-NOW/sessions/1", Self.sessionForm(["social_minutes": "twenty"]))
            #expect(notNumber.status == .unprocessableEntity)
            #expect(notNumber.body.string.contains("&#39;twenty&#39; is not a whole number of minutes"))
        }
    }

    static func epds(_ items: [Int], date: String = "2026-11-20", timepoint: String = "before") -> [String: String] {
        var form = ["form": "epds", "timepoint": timepoint, "date": date]
        for (index, value) in items.enumerated() { form["item-\(index + 1)"] = String(value) }
        return form
    }

    @Test("a repeat screen at the same stage is saved beside the first, each with its date; one dated before the baby's birth is refused")
    func repeatScreen() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let today = CalendarDate.today(at: clock.now)
            func measures() async throws -> [RecordedMeasure] {
                try await EvidenceStore.load(programmes: [DemoProgramme.id], on: app.db).measurements.filter { $0.dyadId == "A-NOW-D1" }
            }
            let before = try await measures().count
            #expect(try await web.post("/dyads/A-NOW-D1/measures", Self.epds([1, 1, 1, 1, 1, 1, 0, 0, 0, 0], date: today.adding(days: -7).description)).status == .seeOther)
            #expect(try await web.post("/dyads/A-NOW-D1/measures", Self.epds([2, 2, 2, 1, 1, 1, 0, 0, 0, 0], date: today.description)).status == .seeOther)
            let all = try await measures()
            let stored = all.filter { $0.instrument == .epds && $0.timepoint == .before }
            #expect(stored.count >= 2 && all.count == before + 2)
            #expect(Set(stored.map(\.date)).isSuperset(of: [today.adding(days: -7), today]))
            let born = try #require(try await EvidenceStore.load(programmes: [DemoProgramme.id], on: app.db).dyads.first { $0.id == "A-NOW-D1" }?.infantDateOfBirth)
            let early = try await web.post("/dyads/A-NOW-D1/measures", Self.epds([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], date: born.adding(days: -1).description))
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("is before the baby&#39;s birth (\(born))"))
        }
    }

    @Test("an EPDS with item 10 = 1 is scored on save, raises an alert on the dashboard, and closes only with an action")
    func measureAndAlert() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let saved = try await web.post("/dyads/A-NOW-D1/measures", Self.epds([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))
            #expect(saved.status == .seeOther)
            let page = try await web.get("/dyads/A-NOW-D1").body.string
            #expect(page.contains("Saved. EPDS total 1 of 30"))
            #expect(page.contains("Safeguarding alert raised"))
            #expect(page.contains("Level of need: high"))
            let dashboard = try await web.get("/").body.string
            #expect(dashboard.contains("Same-day follow-up · Kerry Ashworth"))

            let alertID = "A-NOW-D1-epds-before-self_harm"
            let refused = try await web.post("/alerts/\(alertID)/close", ["action": "ok"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("field-close-\(alertID)-action-error"))
            let closed = try await web.post("/alerts/\(alertID)/close", ["action": "Rang her the same day; GP appointment booked for tomorrow."])
            #expect(closed.status == .seeOther)
            #expect(!(try await web.get("/").body.string.contains("Same-day follow-up · Kerry Ashworth")))
            let alert = try #require(try await AlertStore.all(on: app.db).first { $0.id == alertID })
            #expect(alert.closedBy == "Demo facilitator, centre A")
        }
    }

    @Test("the dashboard lists a same-day self-harm alert before an assessment alert already overdue, each by the mother's name")
    func alertsByUrgency() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let today = CalendarDate.today(at: clock.now)
            let born = try #require(try await DyadStore.find(code: "A-NOW-D2", on: app.db)?.infantDateOfBirth)
            let earlier = today.adding(days: -9)
            try #require(earlier >= born, "the demo's baby should be older than nine days")
            // An EPDS of 15 nine days ago: assess, due two days ago. Then item 10 today for another mother.
            #expect(try await web.post("/dyads/A-NOW-D2/measures", Self.epds([2, 2, 2, 2, 2, 2, 1, 1, 1, 0], date: earlier.description)).status == .seeOther)
            #expect(try await web.post("/dyads/A-NOW-D1/measures", Self.epds([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], date: today.description)).status == .seeOther)
            let dashboard = try await web.get("/").body.string
            let selfHarm = try #require(dashboard.range(of: "Same-day follow-up · Kerry Ashworth"))
            let assess = try #require(dashboard.range(of: "Assess · Priya Shah"))
            #expect(selfHarm.lowerBound < assess.lowerBound)
        }
    }

    @Test("a missed opportunity on the dashboard stops saying 'No follow-up yet' once a follow-up is recorded")
    func dashboardShowsFollowUps() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-manager-a")
            let line = #/<li><a href="/dyads/A3-D04">mother A3-D04</a>[^\n]*?</li>/#
            let before = try #require(try await web.get("/").body.string.firstMatch(of: line)).output
            #expect(before.contains("No follow-up yet."))
            let saved = try await web.post("/dyads/A3-D04/follow-ups", ["programme": "A3", "action": "Rang her; offered a lift."])
            #expect(saved.status == .seeOther)
            let after = try #require(try await web.get("/").body.string.firstMatch(of: line)).output
            #expect(!after.contains("No follow-up yet."))
        }
    }

    @Test("an administrator's dashboard lists the 100 open alerts due soonest and the first 100 missed opportunities, and counts them all")
    func dashboardListsTheMostUrgentAlerts() async throws {
        try await withAttune(demo: true) { app async throws in
            try await EvidenceStore.save(SyntheticEvidence.make(centres: 8, seed: 3), on: app.db)
            let open = try await AlertStore.all(openOnly: true, on: app.db)
            #expect(open.count > 100, "the dataset should raise more alerts than a page lists")
            var admin = try await WebSession.signIn(app, as: "demo-admin")
            let html = try await admin.get("/").body.string
            #expect(html.contains("Open safeguarding alerts (\(NumberText.grouped(open.count)))</h2>"))
            #expect(occurrences(of: "class=\"alert-item", in: html) == 100)
            #expect(html.contains("The 100 most urgent are listed"))
            // The first hundred in due order are listed, and no dyad only the rest name.
            let listed = Set(open.prefix(100).map(\.dyadId))
            for dyad in listed { #expect(html.contains("· mother \(dyad)</strong>")) }
            for alert in open.dropFirst(100) where !listed.contains(alert.dyadId) {
                #expect(!html.contains("· mother \(alert.dyadId)</strong>"))
            }
            let document = try await EvidenceStore.load(on: app.db)
            let missed = ReachReport(document: document).missed
            #expect(missed.count > 100, "the dataset should have more missed opportunities than a page lists")
            #expect(html.contains("Missed opportunities (\(NumberText.grouped(missed.count)))</h2>"))
            #expect(html.contains("The first 100 are listed"))
            func line(_ item: MissedOpportunity) -> String {
                "<a href=\"/dyads/\(item.dyadId)\">mother \(item.dyadId)</a> in <a href=\"/programmes/\(item.programmeId)\">"
            }
            for item in missed.prefix(100) { #expect(html.contains(line(item))) }
            #expect(!html.contains(line(missed[100])))
            // A centre's manager sees all of her centre's few alerts and missed opportunities, with no such lines.
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let managers = try await manager.get("/").body.string
            #expect(!managers.contains("most urgent are listed") && !managers.contains("The first 100 are listed"))
            // A programme's page lists its own missed opportunities, every one, and no other programme's.
            let programme = try #require(missed.first?.programmeId)
            let own = missed.filter { $0.programmeId == programme }
            let page = try await admin.get("/programmes/\(programme)").body.string
            #expect(page.contains("Missed opportunities (\(own.count))</h2>"))
            for item in own { #expect(page.contains(line(item) + "\(try #require(document.programmes.first { $0.id == programme }).name)</a>: \(item.what).")) }
            #expect(occurrences(of: "<a href=\"/dyads/", in: page.components(separatedBy: "id=\"missed-title\"").last ?? "") == own.count)
        }
    }

    @Test("a measure with a missing item, a bad date or a future date gives 422 beside the field and stores nothing")
    func measureErrors() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            var missing = Self.epds([1, 1, 1, 1, 1, 1, 1, 1, 1, 0])
            missing["item-4"] = ""
            missing["item-7"] = ""
            missing["date"] = "2999-01-01"
            let first = try await web.post("/dyads/A-NOW-D4/measures", missing)
            #expect(first.status == .unprocessableEntity)
            // Every problem at once, each beside its field and listed in a summary above the form.
            #expect(first.body.string.contains(#"id="field-epds-item-4-error">choose an answer for item 4</p>"#))
            #expect(first.body.string.contains(#"id="field-epds-item-7-error">choose an answer for item 7</p>"#))
            #expect(first.body.string.contains(#"id="field-epds-date-error">2999-01-01 is in the future"#))
            #expect(first.body.string.contains("The EPDS was not saved: 3 things to correct"))
            #expect(first.body.string.contains(##"<a href="#field-epds-item-4">"##))
            let future = try await web.post("/dyads/A-NOW-D4/measures", Self.epds([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], date: "2999-01-01"))
            #expect(future.status == .unprocessableEntity)
            #expect(future.body.string.contains("field-epds-date-error"))
            let care = try await web.post("/dyads/A-NOW-D4/measures", ["form": "other", "instrument": "care_index", "timepoint": "before",
                                                                      "date": "2026-11-20", "values": "5,5,5,4,4,4,4"])
            #expect(care.status == .unprocessableEntity)
            #expect(care.body.string.contains("field-other-values-error"))
            let dyad = try #require(try await DyadModel.query(on: app.db).filter(\.$code == "A-NOW-D4").first())
            #expect(try await MeasurementModel.query(on: app.db).filter(\.$dyad.$id == dyad.requireID()).count() == 0)
        }
    }

    @Test("the evaluator finds no mother's name, baby's name or contact on any page")
    func evaluatorPseudonymised() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            #expect(try await facilitator.get("/dyads/A-NOW-D1").body.string.contains("Kerry Ashworth"))
            _ = try await facilitator.post("/dyads/A-NOW-D6/follow-ups", ["programme": "A-NOW", "action": "Offered Amy Clarke a bus pass."])
            let secrets = ["Kerry", "Ashworth", "Priya", "Danielle", "Okoro", "Amy Clarke", "07700 900", "example.org", "Mia", "Arjun"]
            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            let dyads = ["A-NOW-D1", "A-NOW-D2", "A-NOW-D6", "A3-D04"].map { "/dyads/" + app.dyadPseudonyms.pseudonym(of: $0) }
            for path in ["/", "/programmes", "/programmes/A-NOW", "/programmes/A1", "/evaluation"] + dyads {
                let response = try await evaluator.get(path)
                #expect(response.status == .ok, "\(path)")
                for secret in secrets { #expect(!response.body.string.contains(secret), "\(path) shows \(secret)") }
            }
            #expect(try await evaluator.get(dyads[0]).body.string.contains("Pseudonymised"))
        }
    }

    @Test("<script> typed into any free-text field is shown as text, never run")
    func scriptInert() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let script = "<script>alert('x')</script>"
            _ = try await web.post("/programmes/A-NOW/sessions/1", Self.sessionForm(["notes": script, "reason-A-NOW-D3": script]))
            _ = try await web.post("/dyads/A-NOW-D6/follow-ups", ["programme": "A-NOW", "action": script])
            _ = try await web.post("/dyads/A-NOW-D1/measures", Self.epds([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]).merging(["by": script]) { _, new in new })
            _ = try await web.post("/alerts/A-NOW-D1-epds-before-self_harm/close", ["action": script + " rang her the same day"])
            let failed = try await web.post("/programmes/A-NOW/sessions/2", Self.sessionForm(["room_temperature_celsius": script]))
            #expect(failed.status == .unprocessableEntity)
            for path in ["/", "/programmes/A-NOW", "/programmes/A-NOW/sessions/1", "/dyads/A-NOW-D1", "/dyads/A-NOW-D3", "/dyads/A-NOW-D6"] {
                let html = try await web.get(path).body.string
                #expect(!html.contains("<script"), "\(path) carries a live script")
            }
            for html in [failed.body.string, try await web.get("/dyads/A-NOW-D6").body.string, try await web.get("/dyads/A-NOW-D1").body.string] {
                #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
                for tag in ["&lt;p", "&lt;table", "&lt;li", "&lt;a "] {
                    #expect(Self.context(of: tag, in: html) == nil, "markup escaped twice")
                }
            }
        }
    }

    @Test("a site's licensed EPDS wording appears in the form, and option choices are keyed as published")
    func licensedWording() async throws {
        let items = (1...10).map { MeasureWording.Item(text: "Question \($0) wording", options: ["Top \($0)", "Second", "Third", "Bottom"]) }
        try await withAttune(demo: true, currentProgramme: true, wording: MeasureWording(epds: items)) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let page = try await web.get("/dyads/A-NOW-D4").body.string
            #expect(page.contains("Item 3. Question 3 wording"))
            #expect(page.contains(">Top 3</option>"))
            // The top option everywhere: items 1, 2 and 4 score 0, the seven reverse-keyed items 3.
            var form = Self.epds(Array(repeating: 0, count: 10))
            form["keyed"] = "options"
            _ = try await web.post("/dyads/A-NOW-D4/measures", form)
            #expect(try await web.get("/dyads/A-NOW-D4").body.string.contains("EPDS total 21 of 30"))
        }
    }
}
