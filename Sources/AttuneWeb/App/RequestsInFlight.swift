import Synchronization
import Vapor

/// The requests being answered, so that a server being stopped closes its database only once
/// they are done.
///
/// Why: when `attune serve` is stopped, Vapor stops listening and closes its connections, and
/// then the application shuts down, the database pools with it. A request whose client had
/// already gone (a phone out of signal, a load test's end) is still being answered at that
/// moment: its next use of the database found none, and the process crashed in the middle of
/// the write, keeping its PostgreSQL row locks while the crash report was written (seen in a
/// benchmark: the next server's saves waited seconds on them). The write itself was safe (one
/// transaction), but a stop must not look like a crash, nor hold others up.
///
/// As middleware it counts each request from its start to its response; as a lifecycle handler,
/// registered after the others so that it shuts down first, it waits until none is left, at
/// most `patience`, before anything is closed.
final class RequestsInFlight: AsyncMiddleware, LifecycleHandler, Sendable {
    private let count = Mutex(0)
    let patience: Duration

    init(patience: Duration = .seconds(30)) {
        self.patience = patience
    }

    /// How many requests are being answered now.
    var now: Int { count.withLock { $0 } }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        count.withLock { $0 += 1 }
        defer { count.withLock { $0 -= 1 } }
        return try await next.respond(to: request)
    }

    func shutdownAsync(_ application: Application) async {
        let deadline = ContinuousClock.now + patience
        while now > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if now > 0 { application.logger.warning("Stopping with \(now) request(s) still being answered after \(patience).") }
    }
}
