import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// Audit cycles from the web (issue 27, part 3): a manager closes two, an override between them,
/// and the page shows the rating that moved with its old and new reasons; evaluators see the
/// trend without the reasons and cannot close one.
@Suite("Audit cycles from the web")
struct CyclesWebTests {
    @Test("a manager closes two cycles around an override; the change is shown with both reasons; a name used twice is refused")
    func closeAndCompare() async throws {
        try await withAttune(demo: true) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            #expect(try await manager.get("/evaluation/cycles").body.string.contains("No audit cycle is closed yet"))
            #expect(try await manager.post("/evaluation/cycles", ["name": "Autumn term 2026"]).status == .seeOther)
            let twice = try await manager.post("/evaluation/cycles", ["name": "autumn term 2026"])
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("is already closed"))
            #expect(try await manager.post("/evaluation/cycles", ["name": "  "]).status == .unprocessableEntity)
            #expect(try await manager.post("/programmes/A1/overrides/M11", ["rating": "yes", "rationale": "A doll modelled every stroke I saw."]).status == .seeOther)
            #expect(try await manager.post("/evaluation/cycles", ["name": "Spring term 2027"]).status == .seeOther)

            let page = try await manager.get("/evaluation/cycles").body.string
            #expect(page.contains("2 cycles closed") && page.contains("<svg class=\"chart\""))
            #expect(page.contains("M11 Modelling with a doll") && page.contains("Autumn term 2026 → Spring term 2027"))
            #expect(page.contains("A doll modelled every stroke I saw.") && page.contains("in 0 of 5 sessions"))
            // Centre A's manager sees centre A's programmes only.
            #expect(!page.contains("/programmes/B"))
            let one = try await manager.get("/evaluation/cycles?programme=A2").body.string
            #expect(one.contains("Programme A2 only") && one.contains("No rating changed between cycles"))

            var admin = try await WebSession.signIn(app)
            let all = try await admin.get("/evaluation/cycles").body.string
            #expect(all.contains("One centre's trend:") && all.contains("href=\"/evaluation/cycles?centre=B\""))
            let centreB = try await admin.get("/evaluation/cycles?centre=B").body.string
            #expect(centreB.contains("The programmes of centre B only") && !centreB.contains("M11 Modelling with a doll"))

            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.post("/evaluation/cycles", ["name": "Summer"]).status == .forbidden)
            let shown = try await evaluator.get("/evaluation/cycles").body.string
            #expect(shown.contains("M11 Modelling with a doll") && !shown.contains("A doll modelled every stroke I saw.") && !shown.contains("Close a cycle"))
        }
    }
}
