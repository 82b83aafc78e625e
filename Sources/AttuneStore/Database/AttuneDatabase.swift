import FluentKit
import Foundation
import FluentPostgresDriver
import FluentSQLiteDriver
import Logging

/// Opens Attune's database and brings its schema up to date. The same function serves the
/// web server, the CLI and the tests, so all three run exactly the same migrations.
public enum AttuneDatabase {
    /// Registers the database as the default of `databases`. Nothing touches the disk yet.
    public static func register(_ location: DatabaseLocation, on databases: Databases) throws {
        switch location {
        case .sqliteFile(let path):
            databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
        case .sqliteMemory(let identifier):
            databases.use(.sqlite(.init(storage: .memory(identifier: identifier)), sqlLogLevel: .debug), as: .sqlite)
        case .postgres(let url):
            let configuration = try SQLPostgresConfiguration(url: url.driverURL)
            databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: url.poolSize, sqlLogLevel: .debug), as: .psql)
        }
    }

    /// Applies SQLite's safety settings, then runs every migration not yet run. Safe to call
    /// on every start: migrations already applied are skipped.
    public static func prepare(_ databases: Databases, location: DatabaseLocation, logger: Logger) async throws {
        if location.isSQLite {
            try await SQLitePragmas.apply(to: databases, logger: logger)
        }
        try await migrator(databases, logger: logger).setupIfNeeded().get()
        try await migrator(databases, logger: logger).prepareBatch().get()
        if let database = databases.database(logger: logger, on: databases.eventLoopGroup.any()) {
            try await ContentVersion.ensureTriggers(on: database)
        }
    }

    /// Removes what an in-memory SQLite database leaves behind once it is shut down; nothing for
    /// other locations. sqlite-kit fakes an in-memory database with a file in the temporary
    /// folder ("sqlite-kit_memorydb-<process>-<identifier>.sqlite3", `SQLiteConnectionSource`)
    /// and never removes it: test runs had left hundreds of them. Removing a file still open
    /// is safe on Linux: it goes when the last connection to it closes.
    public static func removeTemporaryFiles(of location: DatabaseLocation) {
        guard let file = temporaryFile(of: location) else { return }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: file + suffix)
        }
    }

    /// The file sqlite-kit keeps an in-memory database in; nil for other locations.
    public static func temporaryFile(of location: DatabaseLocation) -> String? {
        guard case .sqliteMemory(let identifier) = location else { return nil }
        let name = "sqlite-kit_memorydb-\(ProcessInfo.processInfo.processIdentifier)-\(identifier).sqlite3"
        return FileManager.default.temporaryDirectory.appendingPathComponent(name.replacingOccurrences(of: "/", with: "-")).path
    }

    /// Reverts every migration (tests and `revert` tooling only).
    public static func revertAll(_ databases: Databases, logger: Logger) async throws {
        try await migrator(databases, logger: logger).revertAllBatches().get()
    }

    private static func migrator(_ databases: Databases, logger: Logger) -> Migrator {
        let migrations = Migrations()
        migrations.add(AttuneMigrations.all)
        return Migrator(databases: databases, migrations: migrations, logger: logger,
                        on: databases.eventLoopGroup.any(), migrationLogLevel: .debug)
    }
}
