import AttuneCore
import AttuneStore
import Foundation
import NIOCore
import Vapor

/// Sends the reminders that are due from inside `attune serve`, every so often, so that a
/// centre needs no cron job: plans them from the programmes as they stand (a moved or cancelled
/// session included) and sends each through the runner (`ReminderRunner`), whose claims send a
/// reminder once even when several servers share one PostgreSQL database.
final class ReminderScheduler: LifecycleHandler, Sendable {
    let runner: ReminderRunner
    let every: TimeAmount
    private let now: @Sendable () -> Date
    private let work = RepeatingWork()

    init(sender: any ReminderSender, everySeconds: Int, now: @escaping @Sendable () -> Date) {
        runner = ReminderRunner(sender: sender)
        every = .seconds(Int64(everySeconds))
        self.now = now
    }

    func didBoot(_ application: Application) throws {
        work.start(on: application, initialDelay: every, every: every) { [self] application in _ = await run(application) }
    }

    /// One round: what is due now is sent. A failure is logged and the next round tries again;
    /// the server goes on serving.
    @discardableResult
    func run(_ application: Application) async -> [ReminderRunResult] {
        do {
            let results = try await runner.run(now: now(), on: application.db)
            for result in results {
                application.logger.info("Reminder \(result.outcome.rawValue): \(result.dyad) for \(result.session) by \(result.channel.label)")
            }
            return results
        } catch {
            application.logger.warning("Could not send reminders: \(String(describing: error))")
            return []
        }
    }

    func shutdown(_ application: Application) {
        work.cancel()
    }

    func shutdownAsync(_ application: Application) async {
        await work.stop(application)
    }
}
