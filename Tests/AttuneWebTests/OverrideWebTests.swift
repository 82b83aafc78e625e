import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// An observer's override from the programme page (issue 25): a manager replaces a derived
/// rating with a written rationale, both stay shown, the old one is kept in the history, and it
/// can be removed; the scale and the rationale are checked as an import checks them.
@Suite("Overrides from the programme page")
struct OverrideWebTests {
    @Test("a manager overrides M3 with a reason; both ratings are shown; a wrong scale or a short reason is refused; removed, the derived rating stands")
    func overrideAndRemove() async throws {
        try await withAttune(demo: true) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            #expect(try await manager.get("/programmes/A2").body.string.contains("href=\"/programmes/A2/overrides/M3\">Override this rating"))
            let form = try await manager.get("/programmes/A2/overrides/M3")
            #expect(form.status == .ok)
            #expect(!form.body.string.contains("value=\"variable\""), "M3 is rated yes or no")

            let wrongScale = try await manager.post("/programmes/A2/overrides/M3", ["rating": "variable", "rationale": "Two leads took turns each week."])
            #expect(wrongScale.status == .unprocessableEntity)
            #expect(wrongScale.body.string.contains("is not allowed"))
            let short = try await manager.post("/programmes/A2/overrides/M3", ["rating": "no", "rationale": "no"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("at least 10 characters"))
            #expect(try await EvidenceStore.load(programmes: ["A2"], on: app.db).overrides.filter { $0.mechanism.description == "M3" }.isEmpty)

            let saved = try await manager.post("/programmes/A2/overrides/M3", ["rating": "no", "rationale": "The lead changed at every session I observed."])
            #expect(saved.status == .seeOther)
            let stored = try #require(try await EvidenceStore.load(programmes: ["A2"], on: app.db).overrides.first { $0.mechanism.description == "M3" })
            #expect(stored.rating == .no && stored.observer == "Demo manager, centre A")
            let page = try await manager.get("/programmes/A2").body.string
            #expect(page.contains("to no by") && page.contains("The lead changed at every session I observed."))
            #expect(try await ChangeStore.history(kind: "override", code: "A2 M3", on: app.db).first?.change.old == "none: the derived rating")

            #expect(try await manager.post("/programmes/A2/overrides/M3", ["action": "remove"]).status == .seeOther)
            #expect(try await EvidenceStore.load(programmes: ["A2"], on: app.db).overrides.filter { $0.mechanism.description == "M3" }.isEmpty)
            #expect(try await ChangeStore.history(kind: "override", code: "A2 M3", on: app.db).count == 2)
        }
    }

    @Test("facilitators and evaluators cannot override; another centre's programme answers 404")
    func whoMay() async throws {
        try await withAttune(demo: true) { app async throws in
            for username in ["demo-facilitator-a", "demo-evaluator"] {
                var user = try await WebSession.signIn(app, as: username)
                #expect(try await user.get("/programmes/A2/overrides/M3").status == .forbidden)
                #expect(try await user.post("/programmes/A2/overrides/M3", ["rating": "no", "rationale": "Taken over by someone."]).status == .forbidden)
                #expect(!(try await user.get("/programmes/A2").body.string.contains("Override this rating")))
            }
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            #expect(try await manager.get("/programmes/B7/overrides/M3").status == .notFound)
            #expect(try await manager.post("/programmes/B7/overrides/M3", ["rating": "no", "rationale": "Across the centres."]).status == .notFound)
            #expect(try await manager.get("/programmes/A2/overrides/M99").status == .notFound)
        }
    }
}
