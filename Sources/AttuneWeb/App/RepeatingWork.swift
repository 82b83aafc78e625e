import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Work a lifecycle handler repeats on one of the server's event loops while it runs (purging
/// stale sessions, sending reminders), stopped with the server: `stop` also waits for a round
/// under way, because the databases are closed next and a round still running would reach for them.
final class RepeatingWork: Sendable {
    private let task = NIOLockedValueBox<RepeatedTask?>(nil)
    /// Set before the work is cancelled: a round the event loop had already fired, but whose
    /// task had not begun when the stop came, then does nothing rather than reach for a database
    /// about to close (a full test run crashed in `Application.db` that way).
    private let stopped = NIOLockedValueBox(false)

    func start(on application: Application, initialDelay: TimeAmount, every delay: TimeAmount,
               _ work: @escaping @Sendable (Application) async -> Void) {
        let loop = application.eventLoopGroup.any()
        task.withLockedValue { task in
            task = loop.scheduleRepeatedAsyncTask(initialDelay: initialDelay, delay: delay) { _ in
                loop.makeFutureWithTask { [self] in
                    guard !stopped.withLockedValue({ $0 }) else { return }
                    await work(application)
                }
            }
        }
    }

    func cancel() {
        stopped.withLockedValue { $0 = true }
        task.withLockedValue { $0?.cancel() }
    }

    func stop(_ application: Application) async {
        self.stopped.withLockedValue { $0 = true }
        let stopped: EventLoopFuture<Void>? = task.withLockedValue { task in
            guard let task else { return nil }
            let promise = application.eventLoopGroup.any().makePromise(of: Void.self)
            task.cancel(promise: promise)
            return promise.futureResult
        }
        try? await stopped?.get()
    }
}
