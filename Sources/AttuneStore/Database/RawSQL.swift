import FluentKit
import Foundation
import PostgresNIO
import SQLiteNIO

/// Reads and writes the large evidence tables straight through each engine's driver.
///
/// Why not Fluent models: at national scale (two million rows) Fluent's per-row model decoding
/// and encoding costs about 45 µs a row, and Fluent's SQLite driver hands every result row to
/// the event loop as a separate task. Reading rows as plain cells here, and writing multi-row
/// INSERTs with bound values, is one to two orders of magnitude faster (BENCHMARKS.md).
/// Values are stored exactly as Fluent stores them, so Fluent models still read these rows:
/// UUIDs are upper-case text in SQLite and `uuid` in PostgreSQL; booleans are 0/1 in SQLite;
/// lists are JSON text in SQLite and `text[]` in PostgreSQL; instants are seconds since 1970
/// (REAL) in SQLite and `timestamptz` in PostgreSQL.
///
/// SQL is written once with `?` placeholders; for PostgreSQL they are numbered `$1`, `$2`, ...
/// Identifiers are quoted, so the same text runs on both engines.
enum RawSQL {
    /// Each result row of `sql`, turned into a value by `transform` as it arrives.
    static func rows<T: Sendable>(_ sql: String, _ binds: [SQLValue] = [], on database: any Database,
                                  _ transform: @escaping @Sendable (RawRow) throws -> T) async throws -> [T] {
        let collected = Collector<T>()
        if let sqlite = database as? any SQLiteDatabase {
            try await sqlite.withConnection { connection in
                try await connection.query(sql, binds.map(\.sqlite)) { row in
                    collected.add { try transform(RawRow(sqlite: row)) }
                }
            }
        } else if let postgres = database as? any PostgresDatabase {
            var bindings = PostgresBindings(capacity: binds.count)
            for value in binds { try value.append(to: &bindings) }
            let query = PostgresQuery(unsafeSQL: try numbered(sql, values: binds.count), binds: bindings)
            try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    for try await row in try await connection.query(query, logger: connection.logger) {
                        let cells = try row.map(RawRow.cell)
                        collected.add { try transform(RawRow(cells: cells)) }
                    }
                }
            }.get()
        } else {
            throw UnsupportedDatabase()
        }
        return try collected.result()
    }

    /// `sql` with its `?` placeholders numbered as PostgreSQL's `$1`, `$2`, ... Attune's SQL
    /// puts no `?` inside a quoted literal or identifier.
    static func numbered(_ sql: String, values: Int) throws -> String {
        var numbered = "", count = 0
        numbered.reserveCapacity(sql.utf8.count + sql.utf8.count / 4)
        for character in sql {
            if character == "?" {
                count += 1
                numbered += "$\(count)"
            } else {
                numbered.append(character)
            }
        }
        guard count == values else { throw PlaceholderMismatch(sql: sql, values: values) }
        return numbered
    }

    /// A programming error: the placeholders and the values given do not pair up.
    struct PlaceholderMismatch: Error, CustomStringConvertible {
        let sql: String, values: Int
        var description: String { "A query's placeholders do not match the \(values) values given: \(sql.prefix(200))" }
    }

    static func isSQLite(_ database: any Database) -> Bool { database is any SQLiteDatabase }

    /// `ORDER BY` the given text columns (quoted) in the order of their bytes, as SQLite's
    /// default collation sorts, on both engines. PostgreSQL otherwise sorts text by its
    /// database's locale: under en_US "C10-P0" comes before "C1-P0", so that a document read
    /// would come out in another order than from SQLite. Byte order is also the quicker sort.
    static func orderBy(_ columns: [String], on database: any Database) -> String {
        " ORDER BY " + columns.map { isSQLite(database) ? $0 : $0 + " COLLATE \"C\"" }.joined(separator: ", ")
    }

    /// The aggregate joining `expression`'s texts in a group with `separator` (a literal without
    /// quotes): SQLite's `group_concat`, PostgreSQL's `string_agg`. NULL for a group of NULLs.
    static func joined(_ expression: String, separator: String, on database: any Database) -> String {
        isSQLite(database) ? "group_concat(\(expression), '\(separator)')" : "string_agg(\(expression), '\(separator)')"
    }

    /// Runs a statement that returns no rows.
    static func execute(_ sql: String, _ binds: [SQLValue] = [], on database: any Database) async throws {
        _ = try await rows(sql, binds, on: database) { _ in () }
    }

    /// Inserts `rows` (values in the order of `columns`) as multi-row INSERTs, each within both
    /// engines' limits on bound values, calling `progress` with the rows written by each.
    static func insert(into table: String, columns: [String], rows: [[SQLValue]], on database: any Database,
                       progress: (@Sendable (Int) -> Void)? = nil) async throws {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, min(1_000, 30_000 / columns.count))
        let head = "INSERT INTO \(quoted(table)) (\(columns.map(quoted).joined(separator: ", "))) VALUES "
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var start = 0
        while start < rows.count {
            let end = min(start + perStatement, rows.count)
            let sql = head + Array(repeating: tuple, count: end - start).joined(separator: ", ")
            try await execute(sql, Array(rows[start..<end].joined()), on: database)
            progress?(end - start)
            start = end
        }
    }

    /// The longest `IN (...)` list Attune binds, well within both engines' limits on bound
    /// values; a longer one reads more and filters in Swift (`CodeFilter`).
    static let largestBoundList = 10_000

    /// Rows narrowed to a set of codes (a user's dyads or programmes), nil for every row: an
    /// `IN` list while the set is small enough to bind; beyond that every row is read and
    /// `keeping` drops the others. Every query that narrows by codes goes through it, so an
    /// empty set never reaches SQL as `IN ()` (which PostgreSQL refuses).
    struct CodeFilter {
        let codes: Set<String>?

        init(_ codes: Set<String>?) { self.codes = codes }

        /// An empty set: no row can match, so there is nothing to ask the database.
        var matchesNothing: Bool { codes?.isEmpty == true }

        /// Whether SQL does all the narrowing (no codes, or few enough to bind).
        var narrowsInSQL: Bool { codes.map { $0.count <= RawSQL.largestBoundList } ?? true }

        /// `column IN (?, ...)` when the codes are bound; nil when SQL does not narrow.
        func condition(on column: String) -> String? {
            guard let codes, narrowsInSQL else { return nil }
            return "\(column) IN (\(RawSQL.placeholders(codes.count)))"
        }

        /// The values for `condition`, in its order.
        var binds: [SQLValue] {
            guard let codes, narrowsInSQL else { return [] }
            return codes.sorted().map { .text($0) }
        }

        /// `rows` without those SQL could not leave out.
        func keeping<Row>(_ rows: [Row], code: (Row) -> String) -> [Row] {
            guard let codes, !narrowsInSQL else { return rows }
            return rows.filter { codes.contains(code($0)) }
        }
    }

    /// `?, ?, ?` for `count` values (an `IN (...)` list).
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    static func quoted(_ identifier: String) -> String { "\"\(identifier)\"" }

    struct UnsupportedDatabase: Error, CustomStringConvertible {
        var description: String { "Attune reads and writes SQLite and PostgreSQL databases only." }
    }

    /// Gathers transformed rows from the driver's thread; the first error stops the gathering.
    private final class Collector<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [T] = []
        private var failure: (any Error)?

        func add(_ make: () throws -> T) {
            lock.lock()
            defer { lock.unlock() }
            guard failure == nil else { return }
            do { items.append(try make()) } catch { failure = error }
        }

        func result() throws -> [T] {
            lock.lock()
            defer { lock.unlock() }
            if let failure { throw failure }
            return items
        }
    }
}

/// A value to bind into raw SQL; nil binds NULL.
enum SQLValue: Sendable {
    case text(String?)
    case int(Int?)
    case double(Double?)
    case bool(Bool?)
    case uuid(UUID?)
    /// A row id as read back (upper-case UUID text, `RawRow.text`): bound as that text in
    /// SQLite, with no parsing and formatting again, and as a `uuid` in PostgreSQL.
    case rowID(String)
    case textList([String])
    case instant(Date?)

    /// Bound as PostgresNIO binds the Swift value (a row id as a `uuid`).
    func append(to bindings: inout PostgresBindings) throws {
        func bind<Value: PostgresNonThrowingEncodable>(_ value: Value?) {
            if let value { bindings.append(value) } else { bindings.appendNull() }
        }
        switch self {
        case .text(let text): bind(text)
        case .int(let int): bind(int)
        case .double(let double): bind(double)
        case .bool(let bool): bind(bool)
        case .uuid(let uuid): bind(uuid)
        case .rowID(let text):
            guard let uuid = UUID(uuidString: text) else { throw StoredDataError.invalidValue(record: "query", field: "id", value: text) }
            bindings.append(uuid)
        case .textList(let list): bindings.append(list)
        case .instant(let date): bind(date)
        }
    }

    var sqlite: SQLiteData {
        switch self {
        case .text(let text): text.map(SQLiteData.text) ?? .null
        case .int(let int): int.map { .integer($0) } ?? .null
        case .double(let double): double.map(SQLiteData.float) ?? .null
        case .bool(let bool): bool.map { .integer($0 ? 1 : 0) } ?? .null
        case .uuid(let uuid): uuid.map { .text($0.uuidString) } ?? .null
        case .rowID(let text): .text(text)
        case .textList(let list): .text(String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self))
        case .instant(let date): date.map { .float($0.timeIntervalSince1970) } ?? .null
        }
    }
}

/// One result row as plain cells, read by column position.
struct RawRow: Sendable {
    enum Cell: Sendable {
        case null
        case text(String)
        case int(Int)
        case double(Double)
        case list([String])
    }

    /// PostgreSQL's cells as converted; SQLite's columns as SQLiteNIO hands them over, each
    /// converted when asked for, rather than copied into a second array for every row (a
    /// national audit reads a million rows).
    private enum Storage: Sendable {
        case cells([Cell])
        case sqlite([SQLiteColumn])
    }

    private let storage: Storage

    init(cells: [Cell]) { storage = .cells(cells) }

    init(sqlite row: SQLiteRow) { storage = .sqlite(row.columns) }

    private subscript(index: Int) -> Cell {
        switch storage {
        case .cells(let cells): return cells[index]
        case .sqlite(let columns):
            switch columns[index].data {
            case .null: return .null
            case .text(let text): return .text(text)
            case .integer(let int): return .int(int)
            case .float(let double): return .double(double)
            case .blob(let buffer): return .text(String(buffer: buffer))
            }
        }
    }

    static func cell(_ cell: PostgresCell) throws -> Cell {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .text, .varchar:
            // UTF-8 in either format: read straight from the bytes (most cells are text).
            if let bytes = cell.bytes { return .text(String(buffer: bytes)) }
            return .null
        case .uuid: return .text(try cell.decode(UUID.self).uuidString)
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        case .int2, .int4, .int8: return .int(try cell.decode(Int.self))
        case .float4, .float8, .numeric: return .double(try cell.decode(Double.self))
        case .textArray, .varcharArray: return .list(try cell.decode([String].self))
        case .timestamptz, .timestamp: return .double(try cell.decode(Date.self).timeIntervalSince1970)
        default: return .text(try cell.decode(String.self))
        }
    }

    /// The text in column `index`, nil when NULL. Ids read this way are upper-case UUID text on
    /// both engines.
    func text(_ index: Int) -> String? {
        switch self[index] {
        case .null, .list: nil
        case .text(let text): text
        case .int(let int): String(int)
        case .double(let double): String(double)
        }
    }

    func int(_ index: Int) -> Int? {
        switch self[index] {
        case .int(let int): int
        case .double(let double): Int(exactly: double)
        case .text(let text): Int(text)
        case .null, .list: nil
        }
    }

    func double(_ index: Int) -> Double? {
        switch self[index] {
        case .int(let int): Double(int)
        case .double(let double): double
        case .text(let text): Double(text)
        case .null, .list: nil
        }
    }

    func bool(_ index: Int) -> Bool? { int(index).map { $0 != 0 } }

    /// An instant Fluent stores as a `Date` (REAL seconds in SQLite, `timestamptz` in
    /// PostgreSQL), rounded to the microsecond as SQLiteNIO rounds it, so that it equals what a
    /// Fluent model of the same row reads.
    func instant(_ index: Int) -> Date? {
        double(index).map {
            Date(timeIntervalSinceReferenceDate: (($0 - Date.timeIntervalBetween1970AndReferenceDate) * 1e6).rounded() / 1e6)
        }
    }

    /// A list: `text[]` in PostgreSQL, a JSON array of strings in SQLite.
    func list(_ index: Int) -> [String]? {
        switch self[index] {
        case .list(let list): list
        case .text(let json): try? JSONDecoder().decode([String].self, from: Data(json.utf8))
        case .null, .int, .double: nil
        }
    }
}
