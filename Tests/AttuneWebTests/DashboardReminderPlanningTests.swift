import AttuneCore
import AttuneStore
import Fluent
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// The dashboard plans this week's reminders as it reads, but never waits for SQLite's writers'
/// queue to do so: with the queue busy it answers at once and plans them in the background.
/// (Waiting made every view under load queue for the writers: 80 views a second where 2,000
/// were served.)
@Suite("Dashboard: reminders planned without waiting for the writers")
struct DashboardReminderPlanningTests {
    // The limit catches the old way (the view waited for the queue this test holds: forever).
    // It is generous because the limit covers both engines' runs and their set-up: with the
    // whole suite on two cores, starting the app and loading the demo alone took 33 s.
    @Test("with the writers' queue held, the dashboard answers at once, and the reminders it could not plan are planned once the queue is free",
          .timeLimit(.minutes(3)))
    func answersWhileWritersBusy() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            var web = try await WebSession.signIn(app)
            try await ReminderModel.query(on: app.db).delete()
            func planned() async throws -> Int { try await ReminderModel.query(on: app.db).count() }
            #expect(try await planned() == 0)
            // A writer that holds the queue until told to let go.
            let (held, holdingNow) = AsyncStream.makeStream(of: Void.self)
            let (release, letGo) = AsyncStream.makeStream(of: Void.self)
            let holding = Task {
                try await app.db.inWritersQueue {
                    holdingNow.yield()
                    for await _ in release { break }
                }
            }
            for await _ in held { break }
            let started = Date()
            let page = try await web.get("/")
            #expect(page.status == .ok)
            // It did not wait for the writer, which is still holding the queue.
            #expect(Date().timeIntervalSince(started) < 5)
            letGo.yield()
            try await holding.value
            // Planned in the background (on PostgreSQL, which has no such queue, as it read).
            var count = 0
            for _ in 0..<100 {
                count = try await planned()
                if count > 0 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(count > 0, "this week's reminders were never planned")
        }
    }
}
