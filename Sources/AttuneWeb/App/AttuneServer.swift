import AttuneStore
import Vapor

/// Runs the web server until it is stopped (Ctrl-C or SIGTERM). Used by `attune serve`.
public enum AttuneServer {
    public static func run(host: String, port: Int, settings: WebSettings) async throws {
        // Every check that can refuse the start runs before any file is created.
        try await PortProbe.ensureFree(host: host, port: port)

        var environment = Environment.production
        environment.arguments = ["attune"]  // Vapor must not re-read Attune's command line.
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await Application.make(environment)
        do {
            app.http.server.configuration.hostname = host
            app.http.server.configuration.port = port
            let report = try await configureAttune(app, settings: settings)
            app.logger.notice("Database: \(settings.database.displayName)")
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
            case nil:
                break
            }
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
