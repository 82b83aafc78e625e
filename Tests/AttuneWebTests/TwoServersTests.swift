import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// Two servers on one PostgreSQL database, as behind a proxy: what one writes the other reads at
/// once (each keeps page data only while nothing is committed, by any process), and sign-in
/// throttling counts in the database, so failures at one server count at the other. (Reminders
/// go once however many runners there are: `ReminderRunnerTests`, six at once on PostgreSQL.)
@Suite("Two servers on one PostgreSQL database")
struct TwoServersTests {
    static let server = ProcessInfo.processInfo.environment["ATTUNE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    @Test("a session log saved through one server changes the profile read through the other; failed sign-ins count at both",
          .enabled(if: server != nil, "set ATTUNE_TEST_POSTGRES_URL to a PostgreSQL server to run this test"))
    func twoServers() async throws {
        try await ScratchDatabase.withPostgres(server: try #require(Self.server)) { location in
            let secret = Array("a site secret shared by both servers, 32+".utf8)
            func settings(demo: Bool) -> WebSettings {
                WebSettings(database: location, loadDemo: demo, demoPassword: testPassword, demoCurrentProgramme: demo, siteSecret: secret)
            }
            try await withApp(configure: { app in
                app.logger.logLevel = .warning
                try await configureAttune(app, settings: settings(demo: true))
            }) { first async throws in
                try await withApp(configure: { app in
                    app.logger.logLevel = .warning
                    try await configureAttune(app, settings: settings(demo: false))
                }) { second async throws in
                    var throughFirst = try await WebSession.signIn(first, as: "demo-facilitator-a")
                    var throughSecond = try await WebSession.signIn(second, as: "demo-facilitator-a")
                    // The second server reads the programme page, and keeps what it read.
                    let before = try await throughSecond.get("/programmes/A-NOW").body.string
                    #expect(PagesTests.badge(before, "M13") == "NA")
                    let saved = try await throughFirst.post("/programmes/A-NOW/sessions/1", PagesTests.sessionForm(
                        ["infant_cues_taught": "yes", "baby_permission_asked": "yes"]))
                    #expect(saved.status == .seeOther)
                    let after = try await throughSecond.get("/programmes/A-NOW").body.string
                    #expect(PagesTests.badge(after, "M13") == "Y", "the second server shows the first one's write at once")

                    // Five failures at the first server: the right password at the second is refused too.
                    for _ in 0..<5 { #expect(try await attempt(first, "demo-manager-a", "not the password").status == .unauthorized) }
                    #expect(try await attempt(second, "demo-manager-a", testPassword).status == .tooManyRequests)
                }
            }
        }
    }
}
