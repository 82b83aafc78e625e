import FluentKit
import Foundation
import SQLiteNIO
import VaporCSQLite

/// The file behind an SQLite database, and a read-only handle of our own on it through
/// SQLite's C interface (`VaporCSQLite`, the copy of SQLite that SQLiteNIO compiles in, so both
/// share one library and its file locks): what `CommitWatch` asks its data version on.
struct SQLiteFile {
    let path: String

    /// The file behind `database`, or nil for an in-memory database (or one not on disk).
    static func of(_ database: any Database) async throws -> SQLiteFile? {
        let files = try await RawSQL.rows("PRAGMA database_list", on: database) { row in
            (name: row.text(1), file: row.text(2))
        }
        guard let file = files.first(where: { $0.name == "main" })?.file, !file.isEmpty,
              FileManager.default.fileExists(atPath: file) else { return nil }
        return SQLiteFile(path: file)
    }

    /// A handle on the file: read-only, never creating a file, and without SQLite's per-call
    /// mutex (its user keeps it to one thread at a time). The caller closes it.
    func openReadOnly() throws -> OpaquePointer {
        var handle: OpaquePointer?
        guard sqlite_nio_sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let handle else {
            defer { sqlite_nio_sqlite3_close_v2(handle) }
            throw failure(handle, "open the database read-only")
        }
        return handle
    }

    func failure(_ handle: OpaquePointer?, _ action: String) -> SQLiteFileError {
        let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "out of memory"
        return SQLiteFileError(path: path, reason: "could not \(action): \(message)")
    }
}

struct SQLiteFileError: Error, CustomStringConvertible {
    let path: String, reason: String
    var description: String { "reading the SQLite database \(path): \(reason)" }
}
