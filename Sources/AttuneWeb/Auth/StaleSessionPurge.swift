import AttuneStore
import Foundation
import NIOCore
import Vapor

/// Removes sessions unused for a day, at start-up and every hour after (`WebSessionStore.purge`).
/// A session idle past the timeout is already refused at its next use; without this its row,
/// and every abandoned sign-in form's, stayed in the database for good. Also removes sign-in
/// failures older than the throttle's window (`SignInFailureStore.purge`), which no longer count.
final class StaleSessionPurge: LifecycleHandler, Sendable {
    /// How long an unused session's row is kept: well past the idle timeout, so that a sign-in
    /// form left open for a while still works.
    static let keptFor: TimeInterval = 24 * 60 * 60
    static let every: TimeAmount = .hours(1)

    private let now: @Sendable () -> Date
    private let work = RepeatingWork()

    init(now: @escaping @Sendable () -> Date) { self.now = now }

    func didBoot(_ application: Application) throws {
        let now = self.now
        work.start(on: application, initialDelay: .zero, every: Self.every) { application in
            let database = application.db
            do {
                try await WebSessionStore.purge(notSeenSince: now().addingTimeInterval(-Self.keptFor), on: database)
            } catch {
                application.logger.warning("Could not remove unused sessions: \(String(describing: error))")
            }
            do {
                try await SignInFailureStore.purge(before: now().addingTimeInterval(-LoginThrottle.window), on: database)
            } catch {
                application.logger.warning("Could not remove old sign-in failures: \(String(describing: error))")
            }
        }
    }

    func shutdown(_ application: Application) {
        work.cancel()
    }

    /// Also waits for a purge under way to finish (`RepeatingWork.stop`).
    func shutdownAsync(_ application: Application) async {
        await work.stop(application)
    }
}
