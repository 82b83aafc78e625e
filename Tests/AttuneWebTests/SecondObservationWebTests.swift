import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// A second observer's checks from the programme page (issue 27, part 2): the form starts blank,
/// what is saved changes no rating, and the programme page shows each check's agreement,
/// flagging those below the rubric's kappa.
@Suite("Second observations from the web")
struct SecondObservationWebTests {
    @Test("a facilitator records a second observation of A2's session 1 that disagrees on singing; the page shows agreement and no rating moves")
    func recordAndShow() async throws {
        try await withAttune(demo: true) { app async throws in
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let before = try await facilitator.get("/programmes/A2").body.string
            #expect(before.contains("No session has a second observation yet"))
            #expect(before.contains("href=\"/programmes/A2/sessions/1/second-observation\">Second observation"))
            let profileBefore = try await EvidenceStore.load(programmes: ["A2"], on: app.db)

            let form = try await facilitator.get("/programmes/A2/sessions/1/second-observation").body.string
            // Independent: nothing of the log is shown ticked.
            #expect(!form.contains(" checked") || form.components(separatedBy: " checked").count - 1 == SessionCheckField.all.count,
                    "only 'Not recorded' is chosen for each check")
            #expect(form.contains("value=\"Demo facilitator, centre A\""))

            let none = try await facilitator.post("/programmes/A2/sessions/1/second-observation", ["observer_name": "Pat"])
            #expect(none.status == .unprocessableEntity && none.body.string.contains("Record at least one check"))
            let nameless = try await facilitator.post("/programmes/A2/sessions/1/second-observation", ["observer_name": " ", "singing": "yes"])
            #expect(nameless.status == .unprocessableEntity && nameless.body.string.contains("Name the second observer"))

            let session = try #require(profileBefore.sessions.first { $0.id == "A2-S1" })
            var answers = ["observer_name": "Pat Observer"]
            for check in SessionCheckField.all {
                guard let logged = session[keyPath: check.keyPath] else { continue }
                answers[check.name] = (check.name == "singing" ? !logged : logged) ? "yes" : "no"
            }
            let saved = try await facilitator.post("/programmes/A2/sessions/1/second-observation", answers)
            #expect(saved.status == .seeOther)
            let stored = try await EvidenceStore.load(programmes: ["A2"], on: app.db)
            #expect(stored.secondObservations.count == 1 && stored.secondObservations[0].observerName == "Pat Observer")
            #expect(stored.sessions == profileBefore.sessions, "the log is untouched")

            let page = try await facilitator.get("/programmes/A2").body.string
            #expect(page.contains("1 of ") && page.contains("observed a second time"))
            #expect(page.contains("<th scope=\"row\">Singing</th><td data-label=\"Sessions\">1</td><td data-label=\"Agreement\">0%</td>"))
            #expect(try await ActivityLog.search(.init(recordKind: "second observation", recordCode: "A2-S1"), on: app.db).count == 1)

            // Saved again by the same observer: replaced, not added.
            answers["singing"] = session.content.singing == true ? "yes" : "no"
            #expect(try await facilitator.post("/programmes/A2/sessions/1/second-observation", answers).status == .seeOther)
            #expect(try await EvidenceStore.load(programmes: ["A2"], on: app.db).secondObservations.count == 1)
            #expect(try await facilitator.get("/programmes/A2").body.string.contains("<th scope=\"row\">Singing</th><td data-label=\"Sessions\">1</td><td data-label=\"Agreement\">100%</td>"))
        }
    }

    @Test("an evaluator cannot record one; another centre's programme answers 404; a session not held answers 409")
    func whoMay() async throws {
        // With the programme that runs now, whose sessions are planned, not yet held.
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.get("/programmes/A2/sessions/1/second-observation").status == .forbidden)
            #expect(try await evaluator.post("/programmes/A2/sessions/1/second-observation", ["observer_name": "E", "singing": "yes"]).status == .forbidden)
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            #expect(try await manager.get("/programmes/B7/sessions/1/second-observation").status == .notFound)
            #expect(try await manager.get("/programmes/A2/sessions/99/second-observation").status == .notFound)
            let planned = try #require(try await EvidenceStore.load(centres: ["A"], on: app.db).sessions.first { $0.planned == true })
            #expect(try await manager.get("/programmes/\(planned.programmeId)/sessions/\(planned.number)/second-observation").status == .conflict)
        }
    }
}
