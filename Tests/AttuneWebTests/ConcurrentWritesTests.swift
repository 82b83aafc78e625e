import AttuneCore
import AttuneStore
import Foundation
import NIOPosix
import Testing
import VaporTesting
@testable import AttuneWeb

/// Many people saving at once, as `attune serve` runs: an SQLite file with four event loops per
/// core (one connection each), and PostgreSQL. Before SQLite's writers took turns in the process
/// (`SQLiteWriteGate`), three or more writers stalled each other in SQLite's busy timeout on the
/// blocking pool's threads, and answered 500 "database is locked". The load test
/// (scripts/load_test_writes.py) measures the same through a real server for 20 s.
@Suite("Concurrent writers: every save answered and stored, the server responsive throughout")
struct ConcurrentWritesTests {
    static let writers = 32
    static let writesEach = 8

    @Test("32 people posting follow-ups at once: all acknowledged, all stored, /health answers quickly meanwhile")
    func thirtyTwoWriters() async throws {
        try await onBothEnginesAsServed { app in
            let signedIn = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let health = HealthProbe(app: app)
            let probing = Task { await health.run() }
            let statuses = try await withThrowingTaskGroup(of: [UInt].self) { group in
                for writer in 0..<Self.writers {
                    group.addTask {
                        var web = signedIn
                        var statuses: [UInt] = []
                        for write in 0..<Self.writesEach {
                            let response = try await web.post("/dyads/A-NOW-D1/follow-ups",
                                                              ["programme": "A-NOW", "action": "concurrent write \(writer)-\(write)"])
                            statuses.append(response.status.code)
                        }
                        return statuses
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            probing.cancel()
            let latencies = await health.latencies
            #expect(statuses.count == Self.writers * Self.writesEach)
            #expect(statuses.allSatisfy { $0 == 303 }, "answers other than 303: \(Dictionary(grouping: statuses) { $0 }.mapValues(\.count))")
            let stored = try await ReachStore.followUps(dyad: "A-NOW-D1", on: app.db).filter { $0.action.hasPrefix("concurrent write ") }
            #expect(stored.count == Self.writers * Self.writesEach)
            let slowest = latencies.max() ?? 0
            #expect(!latencies.isEmpty)
            #expect(slowest < 2.0, "/health took \(slowest) s while people saved")
        }
    }

    @Test("three people closing one alert at once: one success, two clear 'already closed' answers, nothing of theirs saved")
    func threeCloseOneAlert() async throws {
        try await onBothEnginesAsServed { app in
            // An EPDS with a positive self-harm item raises a same-day alert.
            let now = Date()
            let (_, alerts) = try await MeasureStore.record(
                RecordedMeasure(id: "A-NOW-D1-EPDS-race", dyadId: "A-NOW-D1", instrument: .epds, timepoint: .before,
                                date: CalendarDate.today(at: now), administeredBy: "Test", itemScores: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
                today: CalendarDate.today(at: now), now: now, by: "Test", on: app.db)
            let alert = try #require(alerts.first)
            var people: [WebSession] = []
            for name in ["demo-facilitator-a", "demo-manager-a", "demo-admin"] {
                var web = try await WebSession.signIn(app, as: name)
                _ = try await web.get("/dyads/A-NOW-D1")
                people.append(web)
            }
            let answers = try await withThrowingTaskGroup(of: (UInt, String).self) { group in
                for (index, person) in people.enumerated() {
                    group.addTask {
                        var web = person
                        let response = try await web.post("/alerts/\(alert.id)/close", ["action": "Rang her the same day, person \(index)."])
                        return (response.status.code, response.body.string)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.0 == 303 }.count == 1, "\(answers.map(\.0))")
            let losers = answers.filter { $0.0 != 303 }
            #expect(losers.count == 2)
            for loser in losers {
                #expect(loser.0 == 409)
                #expect(loser.1.contains("was already closed by"), "\(loser.1.prefix(400))")
                #expect(loser.1.contains("Nothing of yours was saved"))
            }
            let stored = try #require(try await AlertStore.find(alert.id, on: app.db))
            #expect(stored.closedAt != nil)
        }
    }

    /// The app as `attune serve` builds it, with the demo's programme running now: on an SQLite
    /// file with `AttuneServer.defaultEventLoops` loops (one connection each), and again on
    /// PostgreSQL when ATTUNE_TEST_POSTGRES_URL names a server.
    private func onBothEnginesAsServed(_ test: (Application) async throws -> Void) async throws {
        func run(on database: DatabaseLocation) async throws {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: AttuneServer.defaultEventLoops(for: database))
            let app = try await Application.make(.testing, .shared(group))
            app.logger.logLevel = .warning
            do {
                try await configureAttune(app, settings: WebSettings(database: database, loadDemo: true, demoPassword: testPassword,
                                                                     demoCurrentProgramme: true))
                try await test(app)
            } catch {
                try? await app.asyncShutdown()
                try? await group.shutdownGracefully()
                throw error
            }
            try await app.asyncShutdown()
            try await group.shutdownGracefully()
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attune-concurrent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await run(on: .sqliteFile(path: folder.appendingPathComponent("attune.sqlite").path))
        if let server = ProcessInfo.processInfo.environment["ATTUNE_TEST_POSTGRES_URL"], !server.isEmpty {
            try await ScratchDatabase.withPostgres(server: server) { location in try await run(on: location) }
        }
    }
}

/// Asks `/health` every 20 ms until cancelled, keeping how long each answer took.
actor HealthProbe {
    let app: Application
    private(set) var latencies: [Double] = []

    init(app: Application) { self.app = app }

    func run() async {
        while !Task.isCancelled {
            let began = Date()
            if let response = try? await app.testing().sendRequest(.GET, "/health"), response.status == .ok {
                latencies.append(Date().timeIntervalSince(began))
            } else {
                latencies.append(.infinity)
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
