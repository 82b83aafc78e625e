import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// The pages ask the server's clock (`WebSettings.now`), never the machine's: moving the clock
/// moves what a page takes for today.
@Suite("The injected clock")
struct InjectedClockTests {
    @Test("a session a week ahead is in the future until the clock moves on a week")
    func sessionLogFollowsTheClock() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let nextWeek = CalendarDate.today(at: clock.now).adding(days: 7).description
            let early = try await web.post("/programmes/A-NOW/sessions/2", PagesTests.sessionForm(["date": nextWeek]))
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("is in the future"))
            clock.advance(by: 7 * 24 * 3600)
            // A week on, her sign-in has long ended (12 hours): she signs in again.
            web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let dashboard = try await web.get("/").body.string
            #expect(dashboard.contains("<td>\(nextWeek)</td>"), "this week's sessions are the clock's week")
            let onTheDay = try await web.post("/programmes/A-NOW/sessions/2", PagesTests.sessionForm(["date": nextWeek]))
            #expect(onTheDay.status == .seeOther)
            clock.advance(by: -7 * 24 * 3600)
        }
    }

    @Test("accounts are created at the server's time: the demo's at start, the first administrator's from the web")
    func accountsFollowTheClock() async throws {
        let clock = TestClock()
        let year: TimeInterval = 366 * 24 * 3600
        clock.advance(by: year)
        try await withAttune(demo: true, clock: clock) { app async throws in
            let created = try await UserModel.query(on: app.db).all().map(\.createdAt)
            #expect(!created.isEmpty && created.allSatisfy { abs($0 - clock.now.timeIntervalSince1970) < 600 },
                    "demo accounts created at \(created), not at the server's time \(clock.now)")
        }
    }
}
