import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// The activity log from the web (issue 26): sign-ins and views recorded, who viewed a
/// mother's record on her page for those answerable for it, and the administrator's search.
@Suite("Activity log from the web")
struct ActivityLogPageTests {
    @Test("sign-ins are recorded, a refused one under the username only when it is a user's: what was typed may be a password")
    func signIns() async throws {
        try await withAttune(demo: true) { app async throws in
            var visitor = WebSession(app: app)
            _ = try await visitor.get("/login")
            #expect(try await visitor.post("/login", ["username": "demo-facilitator-a", "password": "not-her-password"]).status == .unauthorized)
            #expect(try await visitor.post("/login", ["username": "Tr0ub4dor&3", "password": "whatever"]).status == .unauthorized)
            _ = try await WebSession.signIn(app, as: "demo-facilitator-a")

            let entries = try await ActivityLog.search(.init(actions: [.signIn, .signInRefused]), on: app.db).reversed().map { ($0.action, $0.actor, $0.summary) }
            #expect(entries.map(\.0) == [.signInRefused, .signInRefused, .signIn])
            #expect(entries.map(\.1) == ["demo-facilitator-a", "(unknown username)", "demo-facilitator-a"])
            #expect(entries[0].2 == "Sign-in refused: wrong password")
            let everything = try await ActivityLog.search(.init(), on: app.db)
            #expect(!everything.contains { $0.actor.contains("Tr0ub4dor") || $0.summary.contains("Tr0ub4dor") })
        }
    }

    @Test("a view of her page is recorded; her centre's manager sees who viewed it, a facilitator and an evaluator do not")
    func whoViewedHer() async throws {
        try await withAttune(demo: true) { app async throws in
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            #expect(try await facilitator.get("/dyads/A1-D05").status == .ok)
            let view = try #require(try await ActivityLog.search(.init(dyad: "A1-D05", actions: [.view]), on: app.db).first)
            #expect(view.actor == "demo-facilitator-a" && view.recordKind == "dyad" && view.summary == "Her page")
            #expect(!(try await facilitator.get("/dyads/A1-D05").body.string.contains("Who has seen or changed her record")))

            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let page = try await manager.get("/dyads/A1-D05").body.string
            #expect(page.contains("Who has seen or changed her record"))
            #expect(page.contains("demo-facilitator-a") && page.contains("demo-manager-a"))

            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            let programme = try await evaluator.get("/programmes/A1").body.string
            let pseudonym = try #require(programme.firstMatch(of: /href="\/dyads\/([^"]+)"/)).1
            let shown = try await evaluator.get("/dyads/\(pseudonym)").body.string
            #expect(!shown.contains("Who has seen or changed her record"))
            // Recorded under her working code, whatever name the evaluator knows her by.
            #expect(try await ActivityLog.search(.init(user: "demo-evaluator", actions: [.view]), on: app.db).allSatisfy { $0.dyad?.hasPrefix("A1-") == true })
        }
    }

    @Test("the administrator searches the log by user, mother, action and day, a page at a time; nobody else may")
    func adminSearch() async throws {
        try await withAttune(demo: true) { app async throws in
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            for _ in 0..<(ActivityController.pageSize + 5) { _ = try await facilitator.get("/dyads/A1-D05") }
            #expect(try await facilitator.get("/admin/activity").status == .forbidden)
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            #expect(try await manager.get("/admin/activity").status == .forbidden)

            var admin = try await WebSession.signIn(app, as: "demo-admin")
            let first = try await admin.get("/admin/activity?user=demo-facilitator-a&action=view")
            #expect(first.status == .ok)
            let body = first.body.string
            #expect(occurrences(of: "<td>view</td>", in: body) == ActivityController.pageSize)
            let older = try #require(body.firstMatch(of: /href="(\/admin\/activity\?before=[^"]+)"/)).1
            let next = try await admin.get(String(older).replacingOccurrences(of: "&amp;", with: "&")).body.string
            #expect(occurrences(of: "<td>view</td>", in: next) == 5)
            #expect(!next.contains("Older entries"))

            let none = try await admin.get("/admin/activity?dyad=A1-D05&user=demo-admin").body.string
            #expect(none.contains("No entries match."))
            let wrongDay = try await admin.get("/admin/activity?since=last+week")
            #expect(wrongDay.status == .unprocessableEntity)
            #expect(wrongDay.body.string.contains("Give a date as YYYY-MM-DD, or leave it empty."))
        }
    }
}
