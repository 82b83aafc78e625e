import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// From a gap to an action on the web (issue 27, part 4): a manager adopts one suggestion and
/// declines another; the adopted one is on the dashboard, moves on to done, and after an
/// override and a cycle shows that its rating moved.
@Suite("Action plan from the web")
struct ActionsWebTests {
    @Test("adopt with an owner and a due date, decline with a reason, each refused with what is missing; the dashboard lists it; a cycle shows it moved")
    func adoptDeclineFollow() async throws {
        try await withAttune(demo: true) { app async throws in
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let page = try await manager.get("/evaluation/actions").body.string
            #expect(page.contains("A1</a>: Communication-based (IAIM) training for the lead facilitator."))
            #expect(!page.contains("/programmes/B7"), "another centre's programmes are not suggested")

            let noOwner = try await manager.post("/evaluation/actions/decide", ["programme": "A1", "rule": "iaim-training", "decision": "adopt",
                                                                                "action": "IAIM course for Pat", "owner": "", "due_date": "2020-01-01"])
            #expect(noOwner.status == .unprocessableEntity)
            #expect(noOwner.body.string.contains("Name who owns it") && noOwner.body.string.contains("is before today"))
            let forged = try await manager.post("/evaluation/actions/decide", ["programme": "B7", "rule": "iaim-training", "decision": "adopt",
                                                                               "action": "x", "owner": "x", "due_date": "2030-01-01"])
            #expect(forged.status == .notFound)
            let today = CalendarDate.today(at: Date())
            #expect(try await manager.post("/evaluation/actions/decide", ["programme": "A1", "rule": "iaim-training", "decision": "adopt",
                                                                          "action": "Book Pat on the next IAIM course", "owner": "Sam Lee",
                                                                          "due_date": today.adding(days: 30).description]).status == .seeOther)
            let shortReason = try await manager.post("/evaluation/actions/decide", ["programme": "A1", "rule": "one-facilitator", "decision": "decline", "reason": ""])
            #expect(shortReason.status == .unprocessableEntity && shortReason.body.string.contains("Say why it is declined"))
            #expect(try await manager.post("/evaluation/actions/decide", ["programme": "A1", "rule": "one-facilitator", "decision": "decline",
                                                                          "reason": "Two leads by design: job share"]).status == .seeOther)
            let plans = try await ActionStore.plans(centres: ["A"], on: app.db)
            #expect(plans.map(\.ruleId) == ["iaim-training", "one-facilitator"])
            let adopted = try #require(plans.first)
            #expect(adopted.ratingsAtAdoption.map(\.rating) == [.no, .no, .no, .no] && adopted.owner == "Sam Lee")
            // Decided once: the suggestion is gone from the list, and a second decision is refused.
            let after = try await manager.get("/evaluation/actions").body.string
            #expect(!after.contains("suggestion-A1-iaim-training") && after.contains("Book Pat on the next IAIM course"))
            #expect(try await manager.get("/").body.string.contains("Book Pat on the next IAIM course"))

            #expect(try await manager.post("/evaluation/actions/\(adopted.id)", ["status": "in_progress"]).status == .seeOther)
            #expect(try await manager.post("/evaluation/actions/\(adopted.id)", ["status": "declined"]).status == .unprocessableEntity)
            // The rating moves (an observer's override), then a cycle closes: the action shows it.
            #expect(try await manager.post("/programmes/A1/overrides/M11", ["rating": "yes", "rationale": "Doll modelling began after the training."]).status == .seeOther)
            #expect(try await manager.post("/evaluation/cycles", ["name": "Spring term 2027"]).status == .seeOther)
            let moved = try await manager.get("/evaluation/actions").body.string
            #expect(moved.contains(">Moved</span> M11 no → yes; M12 no (unchanged); M13 no (unchanged); M14 no (unchanged), by Spring term 2027"))
            #expect(try await manager.post("/evaluation/actions/\(adopted.id)", ["status": "done"]).status == .seeOther)
            #expect(!(try await manager.get("/").body.string.contains("Book Pat on the next IAIM course")))
            #expect(try await ActivityLog.search(.init(recordKind: "action"), on: app.db).count == 4)

            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.post("/evaluation/actions/decide", ["programme": "A2", "rule": "iaim-training", "decision": "decline", "reason": "No."]).status == .forbidden)
            let shown = try await evaluator.get("/evaluation/actions").body.string
            #expect(!shown.contains("Book Pat") && !shown.contains("Sam Lee") && !shown.contains("job share"))
            #expect(shown.contains("Communication-based (IAIM) training for the lead facilitator.") && !shown.contains("Adopt or decline"))
            #expect(try await evaluator.get("/evaluation").body.string.contains("<h2 id=\"actions-title\">Action plan</h2>"))
        }
    }

    @Test("an administrator of more programmes than one page evaluates chooses a centre for its suggestions, and decides there")
    func nationalScopeByCentre() async throws {
        try await withAttune(demo: true) { app async throws in
            try await EvidenceStore.save(SyntheticEvidence.make(centres: 12, seed: 7), on: app.db)
            var admin = try await WebSession.signIn(app)
            let page = try await admin.get("/evaluation/actions").body.string
            #expect(page.contains("too many to work out every suggestion on one page: choose a centre"))
            #expect(page.contains("href=\"/evaluation/actions?centre=A\"") && !page.contains("class=\"suggestion\""))
            let centreA = try await admin.get("/evaluation/actions?centre=A").body.string
            #expect(centreA.contains("id=\"suggestion-A1-iaim-training\"") && !centreA.contains("suggestion-B7-"))
            #expect(try await admin.get("/evaluation/actions?centre=NOPE").status == .notFound)
            // A refused decision shows its centre's suggestions again, with the message.
            let refused = try await admin.post("/evaluation/actions/decide", ["programme": "A1", "rule": "iaim-training", "decision": "adopt",
                                                                             "action": "x", "owner": "", "due_date": "2030-01-01"])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Name who owns it"))
            #expect(refused.body.string.contains("id=\"suggestion-A1-iaim-training\""))
        }
    }
}
