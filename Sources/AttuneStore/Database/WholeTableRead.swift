import AttuneCore
import FluentKit
import Foundation
import NIOCore
import NIOPosix
import PostgresNIO
import SQLiteNIO
import VaporCSQLite

/// Reads a whole table at once, for the commands that read a national database (`audit`,
/// `report`): every row of a statement without values.
///
/// Why not `RawSQL.rows`: there, each row passes through the driver's per-row machinery.
/// SQLiteNIO builds two arrays and a String per text cell for each row and takes a mutex on
/// every call into SQLite; PostgresNIO decodes a message, a row and a cell value for each
/// row. At two million rows that, not the databases, was most of an audit's time
/// (BENCHMARKS.md, issue 8). Here:
/// - **SQLite** is read through its C interface (`VaporCSQLite`, the copy of SQLite that
///   SQLiteNIO compiles in, so both share one library and its file locks) on a read-only
///   handle of our own, on NIO's thread pool, cell by cell into one flat array. That module is
///   not one of sqlite-nio's products: an upgrade that renames it stops the build, and the
///   tests in WholeTableReadTests hold what it reads equal to what was written.
/// - **PostgreSQL** gathers each column into one array on the server
///   (`SELECT array_agg(c0), array_agg(c1), ... FROM (sql)`), so that the whole table arrives
///   as one row of a few cells, and the arrays' binary form is read here element by element.
///   All the aggregates of one query see the rows in the same order, the order of `sql`'s
///   own `ORDER BY` (PostgreSQL's documented way of ordering an aggregate's input), so the
///   arrays line up row by row.
///
/// `sql` must select plain values: text, integers, reals, booleans, UUIDs or instants, not
/// lists (PostgreSQL cannot gather arrays of different lengths into one). An in-memory SQLite
/// database has no file to open a second handle on: it is read through `RawSQL.rows`.
enum WholeTableRead {
    /// Set by a transaction on an SQLite file that holds the write lock and has changed none of
    /// the tables it reads (`ProfileStore.recompute`): what is committed is then what it sees,
    /// and a whole table can be read on a handle of its own.
    @TaskLocal static var committedRowsAreCurrent = false

    /// The one place that chooses a read's path: `sql` read whole when `whole` (a read of the
    /// whole country, so with no values, of a table of `columns` plain values a row), and
    /// otherwise row by row through `RawSQL.rows` with `binds`. `columns` nil: a table with
    /// lists, always read row by row.
    static func rows<T: Sendable>(_ sql: String, _ binds: [SQLValue], whole: Bool, columns: Int?, on database: any Database,
                                  _ transform: @escaping @Sendable (RawRow) throws -> T) async throws -> [T] {
        guard whole, let columns else { return try await RawSQL.rows(sql, binds, on: database, transform) }
        precondition(binds.isEmpty, "a whole-table read takes no values")
        return try await rows(sql, columns: columns, on: database, transform)
    }

    static func rows<T: Sendable>(_ sql: String, columns: Int, on database: any Database,
                                  _ transform: @escaping @Sendable (RawRow) throws -> T) async throws -> [T] {
        let table: RawTable
        if database is any SQLiteDatabase {
            // Inside a transaction (profiles re-derived as a national load is written), the
            // rows are that transaction's own, which a handle of our own would not see; unless
            // the transaction has changed none of the tables read (`committedRowsAreCurrent`).
            guard !database.inTransaction || Self.committedRowsAreCurrent,
                  let path = try await SQLiteTableReader.file(of: database) else {
                return try await RawSQL.rows(sql, on: database, transform)
            }
            table = try await NIOThreadPool.singleton.runIfActive {
                try SQLiteTableReader(path: path).read(sql, columns: columns)
            }
        } else if let postgres = database as? any PostgresDatabase {
            table = try await PostgresColumns.read(sql, columns: columns, on: postgres)
        } else {
            throw RawSQL.UnsupportedDatabase()
        }
        // A large table's rows become values in two halves at once, on the machine's two cores.
        @Sendable func values(_ rows: Range<Int>) -> Result<[T], any Error> {
            Result {
                var values: [T] = []
                values.reserveCapacity(rows.count)
                for row in rows { values.append(try transform(RawRow(table, row: row))) }
                return values
            }
        }
        return try values(0..<table.rowCount).get()
    }
}

/// A whole result held as cells: row-major from SQLite, column-major from PostgreSQL's arrays.
/// `RawRow` reads it by row and column without copying.
final class RawTable: Sendable {
    let rowCount: Int
    private let cells: [RawRow.Cell]
    private let rowStride: Int, columnStride: Int

    init(rowMajor cells: [RawRow.Cell], columns: Int) {
        precondition(columns > 0 && cells.count % columns == 0, "whole rows of \(columns) cells")
        (self.cells, rowCount, rowStride, columnStride) = (cells, cells.count / columns, columns, 1)
    }

    init(columnMajor cells: [RawRow.Cell], rows: Int) {
        (self.cells, rowCount, rowStride, columnStride) = (cells, rows, 1, rows)
    }

    func cell(row: Int, column: Int) -> RawRow.Cell {
        cells[row * rowStride + column * columnStride]
    }
}

/// SQLite's C interface on a read-only connection of its own to the database's file.
struct SQLiteTableReader {
    let path: String

    /// The file behind `database`, or nil for an in-memory database (or one not on disk).
    static func file(of database: any Database) async throws -> String? {
        let files = try await RawSQL.rows("PRAGMA database_list", on: database) { row in
            (name: row.text(1), file: row.text(2))
        }
        guard let file = files.first(where: { $0.name == "main" })?.file, !file.isEmpty,
              FileManager.default.fileExists(atPath: file) else { return nil }
        return file
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

    func read(_ sql: String, columns: Int) throws -> RawTable {
        // Used by this one thread only, then closed.
        let handle = try openReadOnly()
        defer { sqlite_nio_sqlite3_close_v2(handle) }
        sqlite_nio_sqlite3_busy_timeout(handle, Int32(SQLitePragmas.busyTimeoutMilliseconds))

        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure(handle, "prepare a read")
        }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        guard sqlite_nio_sqlite3_column_count(statement) == Int32(columns) else {
            throw SQLiteTableReadError(path: path, reason: "the read selects \(sqlite_nio_sqlite3_column_count(statement)) columns, not \(columns)")
        }

        var cells: [RawRow.Cell] = []
        while true {
            let step = sqlite_nio_sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else { throw failure(handle, "read a row") }
            for column in 0..<Int32(columns) {
                switch sqlite_nio_sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: cells.append(.int(Int(sqlite_nio_sqlite3_column_int64(statement, column))))
                case SQLITE_FLOAT: cells.append(.double(sqlite_nio_sqlite3_column_double(statement, column)))
                case SQLITE_NULL: cells.append(.null)
                default:
                    // Text, or a blob read as text as `RawRow` reads SQLiteNIO's blobs.
                    let start = sqlite_nio_sqlite3_column_text(statement, column)
                    let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                    let bytes = UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count)
                    cells.append(.text(String(decoding: bytes, as: UTF8.self)))
                }
            }
        }
        return RawTable(rowMajor: cells, columns: columns)
    }

    func failure(_ handle: OpaquePointer?, _ action: String) -> SQLiteTableReadError {
        let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "out of memory"
        return SQLiteTableReadError(path: path, reason: "could not \(action): \(message)")
    }
}

struct SQLiteTableReadError: Error, CustomStringConvertible {
    let path: String, reason: String
    var description: String { "reading the SQLite database \(path): \(reason)" }
}

/// A whole PostgreSQL result gathered into one array per column, read from the arrays'
/// binary form (PostgreSQL's `array_send`).
enum PostgresColumns {
    static func read(_ sql: String, columns: Int, on database: any PostgresDatabase) async throws -> RawTable {
        let names = (0..<columns).map { "c\($0)" }
        let gathered = "SELECT " + names.map { "array_agg(\"\($0)\")" }.joined(separator: ", ")
            + " FROM (\(sql)) AS \"whole\"(" + names.map { "\"\($0)\"" }.joined(separator: ", ") + ")"
        return try await database.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                var arrays: [PostgresCell] = []
                let rows = try await connection.query(PostgresQuery(unsafeSQL: gathered), logger: connection.logger)
                for try await row in rows { arrays = Array(row) }
                return try table(arrays, columns: columns)
            }
        }.get()
    }

    /// The cells of `columns` arrays, one per column, all of the same length. An empty table
    /// gives NULL arrays, every one of them; a column of NULLs gives an array of NULLs.
    static func table(_ arrays: [PostgresCell], columns: Int) throws -> RawTable {
        guard arrays.count == columns else { throw PostgresColumnsError("expected \(columns) arrays, got \(arrays.count)") }
        if arrays.allSatisfy({ $0.bytes == nil }) { return RawTable(columnMajor: [], rows: 0) }
        if let missing = arrays.firstIndex(where: { $0.bytes == nil }) {
            throw PostgresColumnsError("column \(missing + 1) of \(columns) came back as no array while others have rows")
        }
        var cells: [RawRow.Cell] = []
        var rows: Int?
        for array in arrays {
            guard array.format == .binary, let bytes = array.bytes else { throw PostgresColumnsError("arrays must come in binary form") }
            if rows == nil {
                // Room for every column at once, from the first array's length: growing the cells
                // column by column copied them all again for each (28 times for sessions).
                cells.reserveCapacity(try bytes.withUnsafeReadableBytes(length(of:)) * columns)
            }
            let count = try bytes.withUnsafeReadableBytes { try elements(of: $0, into: &cells) }
            guard rows == nil || rows == count else { throw PostgresColumnsError("columns of different lengths: \(rows!) and \(count)") }
            rows = count
        }
        return RawTable(columnMajor: cells, rows: rows ?? 0)
    }

    /// How many elements a binary array holds, read from its header (see `elements`); never
    /// more than its bytes could hold (at least 4 for each element), whatever a damaged header says.
    private static func length(of bytes: UnsafeRawBufferPointer) throws -> Int {
        guard bytes.count >= 4 else { throw PostgresColumnsError("an array ends early") }
        let dimensions = Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: Int32.self))
        guard dimensions == 1 else { return 0 }
        guard bytes.count >= 16 else { throw PostgresColumnsError("an array ends early") }
        let stated = Int(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: 12, as: Int32.self)))
        return min(max(stated, 0), bytes.count / 4)
    }

    /// Appends the elements of one binary array to `cells`; returns how many there were.
    /// The form: dimensions, a has-NULLs flag, the element type, then for each dimension its
    /// length and lower bound, then each element as its byte length (-1 for NULL) and bytes.
    private static func elements(of bytes: UnsafeRawBufferPointer, into cells: inout [RawRow.Cell]) throws -> Int {
        var offset = 0
        func int32() throws -> Int32 {
            guard offset + 4 <= bytes.count else { throw PostgresColumnsError("an array ends early") }
            defer { offset += 4 }
            return Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
        }
        let dimensions = try int32()
        _ = try int32()
        let elementType = UInt32(bitPattern: try int32())
        guard dimensions <= 1 else { throw PostgresColumnsError("an array of \(dimensions) dimensions") }
        guard dimensions == 1 else { return 0 }
        let count = Int(try int32())
        _ = try int32()
        let decode = try decoder(for: elementType)
        for _ in 0..<count {
            let length = Int(try int32())
            if length < 0 { cells.append(.null); continue }
            guard offset + length <= bytes.count else { throw PostgresColumnsError("an array ends early") }
            cells.append(try decode(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])))
            offset += length
        }
        return count
    }

    /// How one element of a type is read, by the type's oid.
    private static func decoder(for type: UInt32) throws -> (UnsafeRawBufferPointer) throws -> RawRow.Cell {
        func integer(_ bytes: UnsafeRawBufferPointer) throws -> Int {
            switch bytes.count {
            case 8: return Int(Int64(bigEndian: bytes.loadUnaligned(as: Int64.self)))
            case 4: return Int(Int32(bigEndian: bytes.loadUnaligned(as: Int32.self)))
            case 2: return Int(Int16(bigEndian: bytes.loadUnaligned(as: Int16.self)))
            default: throw PostgresColumnsError("an integer of \(bytes.count) bytes")
            }
        }
        switch type {
        case PostgresDataType.uuid.rawValue:
            return { bytes in
                guard bytes.count == 16 else { throw PostgresColumnsError("a uuid of \(bytes.count) bytes") }
                return .text(UUID(uuid: bytes.loadUnaligned(as: uuid_t.self)).uuidString)
            }
        case PostgresDataType.text.rawValue, PostgresDataType.varchar.rawValue, PostgresDataType.bpchar.rawValue, PostgresDataType.name.rawValue:
            return { .text(String(decoding: $0, as: UTF8.self)) }
        case PostgresDataType.int2.rawValue, PostgresDataType.int4.rawValue, PostgresDataType.int8.rawValue:
            return { .int(try integer($0)) }
        case PostgresDataType.bool.rawValue:
            return { .int($0.first == 0 ? 0 : 1) }
        case PostgresDataType.float8.rawValue:
            return { bytes in
                guard bytes.count == 8 else { throw PostgresColumnsError("a real of \(bytes.count) bytes") }
                return .double(Double(bitPattern: UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))))
            }
        case PostgresDataType.float4.rawValue:
            return { bytes in
                guard bytes.count == 4 else { throw PostgresColumnsError("a real of \(bytes.count) bytes") }
                return .double(Double(Float(bitPattern: UInt32(bigEndian: bytes.loadUnaligned(as: UInt32.self)))))
            }
        case PostgresDataType.timestamptz.rawValue, PostgresDataType.timestamp.rawValue:
            // Microseconds since 2000-01-01, as seconds since 1970 (as `RawRow.cell` reads them).
            return { .double(Double(try integer($0)) / 1e6 + 946_684_800) }
        default:
            throw PostgresColumnsError("a column of type \(type), which a whole-table read does not take")
        }
    }
}

struct PostgresColumnsError: Error, CustomStringConvertible {
    let reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { "reading a whole PostgreSQL table: \(reason)" }
}
