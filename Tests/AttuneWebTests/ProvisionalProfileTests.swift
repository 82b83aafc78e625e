import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// A programme with fewer sessions held than the rubric asks is shown as provisional and is not
/// ranked: one first session must not make it the programme with the lowest (or highest) total.
@Suite("Provisional profiles")
struct ProvisionalProfileTests {
    /// A new programme of five planned sessions of which one is held, with no check met.
    static func newProgramme() -> EvidenceDocument {
        var session = Session(id: "N1-S1", programmeId: "N1", number: 1, date: CalendarDate("2026-11-02")!, facilitatorsPresent: ["NF1"],
                              leadFacilitatorId: "NF1", roomTemperatureCelsius: 22)
        for check in SessionCheckField.all { session[keyPath: check.keyPath] = false }
        return EvidenceDocument(centres: [Centre(id: "N", name: "New centre", deprivationDecile: 2)],
                                facilitators: [Facilitator(id: "NF1", name: "Nia", role: .healthVisitor, trainingBody: .iaim)],
                                programmes: [Programme(id: "N1", centreId: "N", name: "New programme", plannedSessions: 5,
                                                       startDate: CalendarDate("2026-11-02")!)],
                                sessions: [session])
    }

    @Test("one session held of five: its page says so and that it is provisional; the list does not rank it")
    func oneSessionHeld() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = try await WebSession.signIn(app)
            let before = try await web.get("/programmes").body.string
            let extremes = try #require(Self.extremes(in: before))
            try await EvidenceStore.save(Self.newProgramme(), on: app.db)

            let programme = try await web.get("/programmes/N1").body.string
            #expect(programme.contains("based on 1 of 5 planned sessions held"))
            #expect(programme.contains("<strong>Provisional. </strong>1 of the 3 sessions held that a profile needs"))
            let study = try await web.get("/programmes/A1").body.string
            #expect(study.contains("based on 5 of 5 planned sessions held"))
            #expect(!study.contains("Provisional."))

            let list = try await web.get("/programmes").body.string
            #expect(list.contains("<strong>Provisional, not ranked: </strong><a href=\"/programmes/N1\">N1</a> (based on 1 of 5 planned sessions held)"))
            #expect(Self.extremes(in: list) == extremes, "the study's highest and lowest totals stay the extremes")
        }
    }

    /// The values of the home page's "highest total" and "lowest total" summaries, e.g. "12 (B7)".
    static func extremes(in html: String) -> [String]? {
        guard let highest = summary("highest total", in: html), let lowest = summary("lowest total", in: html) else { return nil }
        return [highest, lowest]
    }

    static func summary(_ label: String, in html: String) -> String? {
        guard let label = html.range(of: "<span class=\"summary-label\">\(label)</span>") else { return nil }
        let before = html[..<label.lowerBound]
        guard let open = before.range(of: "<span class=\"summary-value\">", options: .backwards) else { return nil }
        return String(before[open.upperBound...]).replacingOccurrences(of: "</span>", with: "")
    }

    @Test("the demo's programme running now has only planned sessions: none held, provisional; the dashboard offers to log today's session, then to edit its log")
    func plannedThenLogged() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let page = try await web.get("/programmes/A-NOW").body.string
            #expect(page.contains("based on 0 of 5 planned sessions held"))
            #expect(page.contains("<strong>Provisional. </strong>"))
            // Planned with F1 leading is not "consistent facilitator: yes".
            #expect(PagesTests.badge(page, "M3") == "NA")
            let log = "<a href=\"/programmes/A-NOW/sessions/1\">"
            #expect(try await web.get("/").body.string.contains(log + "Log this session</a>"))

            let saved = try await web.post("/programmes/A-NOW/sessions/1", PagesTests.sessionForm([:]))
            #expect(saved.status == .seeOther)
            let after = try await web.get("/programmes/A-NOW").body.string
            #expect(after.contains("based on 1 of 5 planned sessions held"))
            #expect(PagesTests.badge(after, "M3") == "Y")
            #expect(try await web.get("/").body.string.contains(log + "Edit the log</a>"))
            let stored = try await EvidenceStore.load(includingMeasures: false, programmes: ["A-NOW"], on: app.db)
            #expect(stored.sessions.map(\.planned) == [nil, true, true, true, true])
        }
    }
}
