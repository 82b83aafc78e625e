import AttuneStore
import FluentKit
import Foundation
import Synchronization
import Testing
import VaporTesting
@testable import AttuneWeb

@Suite("Stopping the server")
struct RequestsInFlightTests {
    /// A gate a request waits at until the test opens it.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiting: Int)>((false, 0))
        var waiting: Int { state.withLock { $0.waiting } }
        func open() { state.withLock { $0.open = true } }
        func pass() async {
            state.withLock { $0.waiting += 1 }
            while !state.withLock({ $0.open }) { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    @Test("a stop waits for the requests being answered before the database closes; they finish on it")
    func stopWaitsForRequests() async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        try await configureAttune(app, settings: WebSettings(database: .sqliteMemory(identifier: UUID().uuidString), loadDemo: false))
        // A request still being answered when the stop begins (its client gone): after the
        // gate it uses the database, as a save does after waiting for its turn.
        let gate = Gate()
        app.get("test-in-flight") { request async throws -> String in
            await gate.pass()
            guard let db = request.application.databases.database(logger: request.logger, on: request.eventLoop) else {
                return "the database was closed under the request"
            }
            _ = try await UserModel.query(on: db).count()
            return "answered"
        }
        let answer = Task { try await app.testing().sendRequest(.GET, "/test-in-flight").body.string }
        while gate.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }

        let stopped = Mutex(false)
        let stop = Task {
            try await app.asyncShutdown()
            stopped.withLock { $0 = true }
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(!stopped.withLock { $0 }, "the application shut down with a request still being answered")
        gate.open()
        #expect(try await answer.value == "answered")
        try await stop.value
        #expect(stopped.withLock { $0 })
    }

    @Test("a stop with nothing in flight does not wait")
    func stopAtOnce() async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        try await configureAttune(app, settings: WebSettings(database: .sqliteMemory(identifier: UUID().uuidString), loadDemo: false))
        #expect(try await app.testing().sendRequest(.GET, "/health").status == .ok)
        let started = ContinuousClock.now
        try await app.asyncShutdown()
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
