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

    init(_ sql: String, _ binds: [SQLValue]) throws {
        var text = "", number = 0, bindIndex = 0
        var bindings = PostgresBindings(capacity: binds.count), types: [PostgresDataType] = []
        text.reserveCapacity(sql.utf8.count + sql.utf8.count / 4)
        let mismatch = PlaceholderMismatch(sql: sql, values: binds.count)
        func bindNext() throws {
            guard bindIndex < binds.count else { throw mismatch }
            number += 1
            text += "$\(number)"
            let value = binds[bindIndex]
            bindIndex += 1
            try Self.append(value, to: &bindings)
            types.append(Self.type(of: value))
        }
        var rest = Substring(sql)
        while let mark = rest.firstIndex(where: { $0 == "?" || $0 == "I" }) {
            text += rest[..<mark]
            rest = rest[mark...]
            if rest.first == "?" {
                try bindNext()
                rest = rest.dropFirst()
            } else if text.hasSuffix(" "), !text.hasSuffix("NOT "), let list = Self.placeholderList(at: rest), bindIndex + list.count <= binds.count,
                      let folded = Self.folded(binds[bindIndex..<(bindIndex + list.count)]) {
                number += 1
                text += "= ANY($\(number))"
                bindIndex += list.count
                switch folded {
                case .texts(let texts): bindings.append(texts)
                case .rowIDs(let ids): bindings.append(ids)
                }
                types.append(folded.type)
                rest = rest[list.end...]
            } else {
                text.append(rest.removeFirst())
            }
        }
        text += rest
        guard bindIndex == binds.count else { throw mismatch }
        (self.sql, self.bindings, self.types) = (text, bindings, types)
    }

    /// `IN (?, ?, ..., ?)` at the start of `text`: how many placeholders, and where it ends.
    private static func placeholderList(at text: Substring) -> (count: Int, end: Substring.Index)? {
        guard text.hasPrefix("IN (?") else { return nil }
        var rest = text.dropFirst("IN (?".count), count = 1
        while rest.hasPrefix(", ?") {
            rest = rest.dropFirst(3)
            count += 1
        }
        guard rest.first == ")" else { return nil }
        return (count, rest.index(after: rest.startIndex))
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

    static func append(_ value: SQLValue, to bindings: inout PostgresBindings) throws {
        switch value {
        case .text(let text): if let text { bindings.append(text) } else { bindings.appendNull() }
        case .int(let int): if let int { bindings.append(int) } else { bindings.appendNull() }
        case .double(let double): if let double { bindings.append(double) } else { bindings.appendNull() }
        case .bool(let bool): if let bool { bindings.append(bool) } else { bindings.appendNull() }
        case .uuid(let uuid): if let uuid { bindings.append(uuid) } else { bindings.appendNull() }
        case .rowID(let text):
            guard let uuid = UUID(uuidString: text) else { throw StoredDataError.invalidValue(record: "query", field: "id", value: text) }
            bindings.append(uuid)
        case .textList(let list): bindings.append(list)
        case .instant(let date): if let date { bindings.append(date) } else { bindings.appendNull() }
        }
    }

    private static func type(of value: SQLValue) -> PostgresDataType {
        switch value {
        case .text: .text
        case .int: .int8
        case .double: .float8
        case .bool: .bool
        case .uuid, .rowID: .uuid
        case .textList: .textArray
        case .instant: .timestamptz
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
