import AttuneCore
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
}
