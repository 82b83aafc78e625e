import FluentKit
import Logging
import SQLKit

/// SQLite's safety settings (see shared/SECURITY.md):
/// - `journal_mode=WAL`: readers never block the writer; stored in the file, so set once.
/// - `synchronous=FULL`: an acknowledged write survives power loss.
/// - `foreign_keys=ON`: the schema's references are enforced.
/// - `busy_timeout`: a writer waits for another connection's lock instead of failing at once.
///
/// The Fluent SQLite driver keeps exactly one connection per event loop and offers no hook on
/// connect, so the per-connection settings are applied to each event loop's connection at
/// start-up. (SQLite's compiled-in default for `synchronous` is FULL as well, so a connection
/// reopened later keeps it.)
public enum SQLitePragmas {
    public static let busyTimeoutMilliseconds = 5_000

    public struct Settings: Equatable, Sendable {
        public let journalMode: String
        public let synchronous: Int
        public let foreignKeys: Int
        /// synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
        public let busyTimeout: Int
    }

    static func apply(to databases: Databases, logger: Logger) async throws {
        for eventLoop in databases.eventLoopGroup.makeIterator() {
            guard let sql = databases.database(logger: logger, on: eventLoop) as? any SQLDatabase else { continue }
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA synchronous = FULL").run()
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyTimeoutMilliseconds))").run()
        }
    }

    /// The settings in force on every event loop's connection, for tests and diagnostics.
    public static func current(in databases: Databases, logger: Logger) async throws -> [Settings] {
        var all: [Settings] = []
        for eventLoop in databases.eventLoopGroup.makeIterator() {
            guard let sql = databases.database(logger: logger, on: eventLoop) as? any SQLDatabase else { continue }
            func value<T: Decodable>(_ pragma: String, _ type: T.Type) async throws -> T {
                let row = try await sql.raw("PRAGMA \(unsafeRaw: pragma)").first()
                guard let row else { throw SQLitePragmaError.noAnswer(pragma) }
                return try row.decode(column: row.allColumns.first ?? pragma, as: T.self)
            }
            all.append(Settings(
                journalMode: try await value("journal_mode", String.self).lowercased(),
                synchronous: try await value("synchronous", Int.self),
                foreignKeys: try await value("foreign_keys", Int.self),
                busyTimeout: try await value("busy_timeout", Int.self)))
        }
        return all
    }
}

enum SQLitePragmaError: Error, CustomStringConvertible {
    case noAnswer(String)
    var description: String {
        switch self { case .noAnswer(let pragma): "SQLite gave no answer to PRAGMA \(pragma)." }
    }
}
