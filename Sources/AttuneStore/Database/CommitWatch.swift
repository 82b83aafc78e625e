import FluentKit
import Foundation
import PostgresNIO
import SQLiteNIO
import Synchronization
import VaporCSQLite

/// A label for everything the database has committed. Two labels read at two moments are equal
/// only if nothing was committed in between, by this process or any other (an `attune import`
/// beside the server, say). So whatever was read from the database after the first label was
/// taken is still what it holds while the label stays the same. Pages use this to keep what they
/// read (`PageDataCache`), without having to know every place that writes.
///
/// - SQLite: `PRAGMA data_version` on a read-only connection of the watch's own, which never
///   writes: SQLite changes the number whenever any other connection commits.
/// - PostgreSQL: the current snapshot, which names the transactions still running and the next
///   transaction id; a transaction that writes takes an id, and its commit takes it out of the
///   running list, so any commit changes the text. (A write anywhere in the cluster, even in
///   another database, changes it too: that only costs a fresh read.) `txid_current_snapshot`
///   rather than its newer name `pg_current_snapshot`, which PostgreSQL 12 lacks.
///
/// A label of nil means "cannot tell" (an in-memory database with no file, or SQLite busy): the
/// caller must read afresh.
public final class CommitWatch: Sendable {
    private enum Engine {
        case sqlite(SQLiteDataVersion)
        case postgres
        case none
    }
    private let engine: Engine

    private init(_ engine: Engine) { self.engine = engine }

    /// A watch for `database`'s engine; on SQLite it opens its own read-only connection to the file.
    public static func open(on database: any Database) async throws -> CommitWatch {
        if database is any PostgresDatabase { return CommitWatch(.postgres) }
        guard database is any SQLiteDatabase, let file = try await SQLiteFile.of(database) else { return CommitWatch(.none) }
        return CommitWatch(.sqlite(try SQLiteDataVersion(file)))
    }

    /// The label now, read before whatever it is to vouch for.
    public func label(on database: any Database) async throws -> String? {
        switch engine {
        case .sqlite(let version): return version.current().map(String.init)
        case .postgres:
            return try await RawSQL.rows("SELECT txid_current_snapshot()::text", on: database) { $0.text(0) }.first ?? nil
        case .none: return nil
        }
    }

    /// Closes the SQLite connection; later labels are nil.
    public func close() {
        if case .sqlite(let version) = engine { version.close() }
    }
}

/// SQLite's data version on a connection that only ever runs this one statement. Asked directly
/// through SQLite's C interface, under a lock: it reads the write-ahead log's index in shared
/// memory, a few microseconds, cheaper than a hop to SQLiteNIO's thread pool.
private final class SQLiteDataVersion: Sendable {
    private struct Connection {
        var handle: OpaquePointer?
        var statement: OpaquePointer?
    }
    private let connection: Mutex<Connection>

    init(_ file: SQLiteFile) throws {
        // SQLite's own per-call mutex is not needed under ours.
        let handle = try file.openReadOnly()
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(handle, "PRAGMA data_version", -1, &statement, nil) == SQLITE_OK, let statement else {
            defer { sqlite_nio_sqlite3_close_v2(handle) }
            throw file.failure(handle, "prepare PRAGMA data_version")
        }
        // No busy timeout: a watch that would have to wait answers "cannot tell" at once rather
        // than hold up the event loop.
        connection = Mutex(Connection(handle: handle, statement: statement))
    }

    /// The data version, or nil when SQLite could not answer now.
    func current() -> Int? {
        connection.withLock { connection in
            guard let statement = connection.statement else { return nil }
            defer { sqlite_nio_sqlite3_reset(statement) }
            guard sqlite_nio_sqlite3_step(statement) == SQLITE_ROW else { return nil }
            return Int(sqlite_nio_sqlite3_column_int64(statement, 0))
        }
    }

    func close() {
        connection.withLock { connection in
            sqlite_nio_sqlite3_finalize(connection.statement)
            sqlite_nio_sqlite3_close_v2(connection.handle)
            connection = Connection(handle: nil, statement: nil)
        }
    }

    deinit { close() }
}
