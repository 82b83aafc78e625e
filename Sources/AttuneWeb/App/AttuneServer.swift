import AttuneStore
import Vapor

/// Runs the web server until it is stopped (Ctrl-C or SIGTERM). Used by `attune serve`.
public enum AttuneServer {
    /// Event loops (threads serving requests) when `serve` is not told: four per core on
    /// SQLite, one per core on PostgreSQL.
    ///
    /// Why more than one per core on SQLite: Fluent's SQLite driver opens exactly one connection
    /// per event loop, and a page holds its connection across a dozen statements, each a hop to
    /// the thread pool and back. With one loop per core only two pages can read at a time, and
    /// under 32 concurrent users a fifth of the CPU sat idle between those hops. Four loops per
    /// core let the reads overlap (BENCHMARKS.md). PostgreSQL has `pool_size` connections per
    /// loop already; more loops there meant more server processes competing for the same cores,
    /// and a worse p99.
    public static func defaultEventLoops(for database: DatabaseLocation) -> Int {
        min((database.isSQLite ? 4 : 1) * System.coreCount, eventLoopRange.upperBound)
    }

    public static let eventLoopRange = 1...64

    public static func run(host: String, port: Int, eventLoops: Int? = nil, settings: WebSettings) async throws {
        // Every check that can refuse the start runs before any file is created.
        try await PortProbe.ensureFree(host: host, port: port)

        var environment = Environment.production
        environment.arguments = ["attune"]  // Vapor must not re-read Attune's command line.
        try LoggingSystem.bootstrap(from: &environment)
        let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: eventLoops ?? defaultEventLoops(for: settings.database))
        defer { eventLoopGroup.shutdownGracefully { _ in } }
        let app = try await Application.make(environment, .shared(eventLoopGroup))
        do {
            app.http.server.configuration.hostname = host
            app.http.server.configuration.port = port
            let report = try await configureAttune(app, settings: settings)
            app.logger.notice("Database: \(settings.database.displayName)")
            if let reminders = settings.reminders {
                app.logger.notice("Reminders: what is due is sent every \(reminders.everySeconds) s (\(reminders.sender.name == "outbox" ? "no gateway: SMS and email kept in the outbox" : "through the gateway")).")
            } else {
                app.logger.notice("Reminders: not sent by this server; run `attune reminders run` to send them.")
            }
            switch report.demo {
            case .loaded(let count)?:
                app.logger.notice("Demo: loaded \(count) programmes: the study's 8 and one invented programme running now.")
            case .skippedBecauseNotEmpty(let count)?:
                app.logger.notice("Demo: the database already holds \(count) programmes; nothing added.")
            case nil:
                break
            }
            switch report.demoUsers {
            case .created(let generated)?:
                let names = Accounts.demoUsers.map(\.username).joined(separator: ", ")
                if let generated {
                    // Printed once, to the console only: it is not stored anywhere in clear.
                    // Written unbuffered, so that it is on the console even if the server is killed.
                    FileHandle.standardOutput.write(Data("""
                        Demo users \(names) created with the password: \(generated)
                        (Set ATTUNE_DEMO_PASSWORD to choose it. It will not be shown again.)

                        """.utf8))
                } else {
                    app.logger.notice("Demo users \(names) created with the password from ATTUNE_DEMO_PASSWORD.")
                }
            case .alreadyPresent?:
                app.logger.notice("Demo users already exist; their passwords are unchanged.")
            case .notAddedToDatabaseInUse(let users, let programmes)?:
                let held = [(users, "user"), (programmes, "programme")].filter { $0.0 > 0 }
                    .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }.joined(separator: " and ")
                app.logger.notice("""
                    Demo users not added: the database already holds \(held) of its own. \
                    Create accounts with `attune users create`.
                    """)
            case nil:
                break
            }
            if let token = report.setupToken {
                // Only whoever reads this can create the first administrator.
                FileHandle.standardOutput.write(Data("""
                    Nobody can sign in yet. Create the first administrator at:
                      http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)\(SiteRoute.setup.path)?token=\(token)
                    (or with `attune users create --role admin`)

                    """.utf8))
            }
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
