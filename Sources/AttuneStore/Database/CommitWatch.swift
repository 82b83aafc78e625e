import FluentKit
import Foundation
import PostgresNIO
import SQLiteNIO
import Synchronization
import VaporCSQLite

/// A label for everything the database has committed that pages show. Two labels read at two
/// moments are equal only if nothing was committed in between, by this process or any other (an
/// `attune import` beside the server, another server), apart from the bookkeeping of who looked
/// (`ContentVersion`). So whatever was read from the database after the first label was taken is
/// still what it holds while the label stays the same. Pages use this to keep what they read
/// (`PageDataCache`), without having to know every place that writes.
///
/// The label is `ContentVersion`'s count, which triggers move in the transaction that writes, so
/// it becomes visible with that transaction's rows and never before them.
/// - SQLite: read on a read-only connection of the watch's own, and only when
///   `PRAGMA data_version` there says another connection has committed since it last looked.
/// - PostgreSQL: read with one statement on the page's connection.
///
/// A label of nil means "cannot tell" (an in-memory database with no file, or SQLite busy): the
/// caller must read afresh.
public final class CommitWatch: Sendable {
    private enum Engine {
        case sqlite(SQLiteContentLabel)
        case postgres
        case none
    }
    private let engine: Engine

    private init(_ engine: Engine) { self.engine = engine }

    /// A watch for `database`'s engine; on SQLite it opens its own read-only connection to the file.
    public static func open(on database: any Database) async throws -> CommitWatch {
        if database is any PostgresDatabase { return CommitWatch(.postgres) }
        guard database is any SQLiteDatabase, let file = try await SQLiteFile.of(database) else { return CommitWatch(.none) }
        return CommitWatch(.sqlite(try SQLiteContentLabel(file)))
    }

    /// The label now, read before whatever it is to vouch for.
    public func label(on database: any Database) async throws -> String? {
        switch engine {
        case .sqlite(let version): return version.current().map(String.init)
        case .postgres:
            return try await RawSQL.rows(ContentVersion.labelQuery(postgres: true), on: database) { $0.text(0) }.first ?? nil
        case .none: return nil
        }
    }

    /// Closes the SQLite connection; later labels are nil.
    public func close() {
        if case .sqlite(let version) = engine { version.close() }
    }
}

/// `ContentVersion`'s number on a connection that only ever reads it. Asked directly through
/// SQLite's C interface, under a lock. `PRAGMA data_version` reads the write-ahead log's index in
/// shared memory, a few microseconds, cheaper than a hop to SQLiteNIO's thread pool; the number
/// itself is read again only when that says another connection has committed since.
private final class SQLiteContentLabel: Sendable {
    private struct Connection {
        var handle: OpaquePointer?
        var dataVersion: OpaquePointer?
        var content: OpaquePointer?
        /// The data version when the number was last read, and the number.
        var last: (dataVersion: Int64, content: Int64)?
    }
    private let connection: Mutex<Connection>

    init(_ file: SQLiteFile) throws {
        // SQLite's own per-call mutex is not needed under ours.
        let handle = try file.openReadOnly()
        var dataVersion: OpaquePointer?, content: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(handle, "PRAGMA data_version", -1, &dataVersion, nil) == SQLITE_OK,
              sqlite_nio_sqlite3_prepare_v2(handle, ContentVersion.labelQuery(postgres: false), -1, &content, nil) == SQLITE_OK,
              let dataVersion, let content else {
            defer {
                sqlite_nio_sqlite3_finalize(dataVersion)
                sqlite_nio_sqlite3_close_v2(handle)
            }
            throw file.failure(handle, "prepare the reads of the commit label")
        }
        // No busy timeout: a watch that would have to wait answers "cannot tell" at once rather
        // than hold up the event loop.
        connection = Mutex(Connection(handle: handle, dataVersion: dataVersion, content: content))
    }

    /// The number, or nil when SQLite could not answer now.
    func current() -> Int64? {
        connection.withLock { connection in
            guard let dataVersion = Self.integer(connection.dataVersion) else { return nil }
            if let last = connection.last, last.dataVersion == dataVersion { return last.content }
            // Read after the data version: a commit in between moves both on, and is read again
            // next time, never missed.
            guard let content = Self.integer(connection.content) else { return nil }
            connection.last = (dataVersion, content)
            return content
        }
    }

    private static func integer(_ statement: OpaquePointer?) -> Int64? {
        guard let statement else { return nil }
        defer { sqlite_nio_sqlite3_reset(statement) }
        guard sqlite_nio_sqlite3_step(statement) == SQLITE_ROW else { return nil }
        return sqlite_nio_sqlite3_column_int64(statement, 0)
    }

    func close() {
        connection.withLock { connection in
            sqlite_nio_sqlite3_finalize(connection.dataVersion)
            sqlite_nio_sqlite3_finalize(connection.content)
            sqlite_nio_sqlite3_close_v2(connection.handle)
            connection = Connection(handle: nil, dataVersion: nil, content: nil, last: nil)
        }
    }

    deinit { close() }
}
