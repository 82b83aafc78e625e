import Foundation
import NIOConcurrencyHelpers
import PostgresNIO

/// Raw SQL as PostgreSQL receives it from `RawSQL.rows`: `?` numbered `$1`, `$2`, ..., and each
/// `IN (?, ?, ...)` list of codes or row ids folded into `= ANY($n)` with one array bound, so that
/// the text of a page's statement does not change with the size of a centre.
///
/// Why: PostgreSQL parsed and planned every statement afresh (PostgresNIO sends unnamed
/// statements), and planning was most of its work for a page: 3 of the 5.7 ms of server CPU a
/// dashboard view cost (`pg_stat_statements`). Reads now go as named prepared statements that
/// PostgresNIO prepares once per connection (`PreparedRawSQL`); with stable text there is one
/// per kind of query, and PostgreSQL keeps a generic plan for it.
struct PostgresStatement: Sendable {
    let sql: String
    let bindings: PostgresBindings
    /// The parameters' types, declared when the statement is prepared: the types PostgresNIO
    /// declares for the same values in an unnamed statement.
    let types: [PostgresDataType]

    /// Read and written as UTF-8 bytes: walking a page's SQL by Characters was 4% of a
    /// programme page's CPU.
    init(_ sql: String, _ binds: [SQLValue]) throws {
        let source = Array(sql.utf8)
        var text: [UInt8] = [], number = 0, bindIndex = 0
        var bindings = PostgresBindings(capacity: binds.count), types: [PostgresDataType] = []
        text.reserveCapacity(source.count + source.count / 4)
        let mismatch = PlaceholderMismatch(sql: sql, values: binds.count)
        func placeholder() {
            number += 1
            text.append(UInt8(ascii: "$"))
            text += String(number).utf8
        }
        var position = 0
        while position < source.count {
            let byte = source[position]
            if byte == UInt8(ascii: "?") {
                guard bindIndex < binds.count else { throw mismatch }
                placeholder()
                types.append(try Self.append(binds[bindIndex], to: &bindings))
                bindIndex += 1
                position += 1
            } else if byte == UInt8(ascii: "I"), text.last == UInt8(ascii: " "), !text.ends(with: "NOT ".utf8),
                      let list = Self.placeholderList(in: source, at: position), bindIndex + list.count <= binds.count,
                      let folded = Self.folded(binds[bindIndex..<(bindIndex + list.count)]) {
                text += "= ANY(".utf8
                placeholder()
                text.append(UInt8(ascii: ")"))
                switch folded {
                case .texts(let texts): bindings.append(texts)
                case .rowIDs(let ids): bindings.append(ids)
                }
                types.append(folded.type)
                bindIndex += list.count
                position = list.end
            } else {
                text.append(byte)
                position += 1
            }
        }
        guard bindIndex == binds.count else { throw mismatch }
        (self.sql, self.bindings, self.types) = (String(decoding: text, as: UTF8.self), bindings, types)
    }

    /// `IN (?, ?, ..., ?)` at `start`: how many placeholders, and the position after it.
    private static func placeholderList(in source: [UInt8], at start: Int) -> (count: Int, end: Int)? {
        func matches(_ expected: String, at position: Int) -> Bool {
            let bytes = expected.utf8
            return position + bytes.count <= source.count && source[position..<(position + bytes.count)].elementsEqual(bytes)
        }
        guard matches("IN (?", at: start) else { return nil }
        var position = start + 5, count = 1
        while matches(", ?", at: position) {
            position += 3
            count += 1
        }
        guard matches(")", at: position) else { return nil }
        return (count, position + 1)
    }

    private enum Folded {
        case texts([String]), rowIDs([UUID])
        var type: PostgresDataType {
            switch self {
            case .texts: .textArray
            case .rowIDs: .uuidArray
            }
        }
    }

    /// A list of codes or of row ids as one array; nil for anything else (left as a list).
    private static func folded(_ values: ArraySlice<SQLValue>) -> Folded? {
        var texts: [String] = [], ids: [UUID] = []
        for value in values {
            switch value {
            case .text(let text?) where ids.isEmpty: texts.append(text)
            case .rowID(let text) where texts.isEmpty:
                guard let id = UUID(uuidString: text) else { return nil }
                ids.append(id)
            default: return nil
            }
        }
        return ids.isEmpty ? .texts(texts) : .rowIDs(ids)
    }

    /// Binds `value`, and gives the type PostgresNIO declares for it in an unnamed statement.
    private static func append(_ value: SQLValue, to bindings: inout PostgresBindings) throws -> PostgresDataType {
        func bind<Value: PostgresNonThrowingEncodable>(_ value: Value?, as type: PostgresDataType) -> PostgresDataType {
            if let value { bindings.append(value) } else { bindings.appendNull() }
            return type
        }
        switch value {
        case .text(let text): return bind(text, as: .text)
        case .int(let int): return bind(int, as: .int8)
        case .double(let double): return bind(double, as: .float8)
        case .bool(let bool): return bind(bool, as: .bool)
        case .uuid(let uuid): return bind(uuid, as: .uuid)
        case .rowID(let text):
            guard let uuid = UUID(uuidString: text) else { throw StoredDataError.invalidValue(record: "query", field: "id", value: text) }
            bindings.append(uuid)
            return .uuid
        case .textList(let list):
            bindings.append(list)
            return .textArray
        case .instant(let date): return bind(date, as: .timestamptz)
        }
    }

    /// A programming error: the placeholders and the values given do not pair up.
    struct PlaceholderMismatch: Error, CustomStringConvertible {
        let sql: String, values: Int
        var description: String { "A query's placeholders do not match the \(values) values given: \(sql.prefix(200))" }
    }
}

/// A `PostgresStatement` run as a named prepared statement, which PostgresNIO prepares on a
/// connection the first time it meets the name there and reuses after.
///
/// PostgresNIO's prepared statements take their text and name from static properties (it expects
/// one type per statement written in the source). Attune's statements are built at run time, so
/// `RawSQL.rows` binds the statement to `current` for the call, and these static properties read
/// it: `PostgresConnection.execute` reads them once, at the start of the call, in the same task.
struct PreparedRawSQL: PostgresPreparedStatement {
    typealias Row = PostgresRow

    @TaskLocal static var current: Named?

    struct Named: Sendable {
        let statement: PostgresStatement
        let name: String
    }

    private static var named: Named {
        guard let current else { preconditionFailure("PreparedRawSQL is run only through RawSQL.rows, which sets its statement") }
        return current
    }

    static var name: String { named.name }
    static var sql: String { named.statement.sql }
    static var bindingDataTypes: [PostgresDataType] { named.statement.types }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }

    /// One name per distinct text and parameter types, for as long as the process runs.
    private static let names = NIOLockedValueBox<[String: String]>([:])

    static func named(_ statement: PostgresStatement) -> Named {
        let key = statement.sql + "\u{1}" + statement.types.map { String($0.rawValue) }.joined(separator: ",")
        let name = names.withLockedValue { names in
            if let name = names[key] { return name }
            let name = "attune_\(names.count + 1)"
            names[key] = name
            return name
        }
        return Named(statement: statement, name: name)
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: String.UTF8View) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
