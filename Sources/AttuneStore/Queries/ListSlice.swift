import FluentKit

/// One page of a long list (centres, facilitators) and how many match in all: a national list
/// of thousands is read and shown a page at a time, never whole.
public struct ListSlice<Item: Sendable>: Sendable {
    public let items: [Item]
    public let total: Int
    /// From 1.
    public let page: Int

    public static var size: Int { 50 }

    /// How many pages the matches fill (1 when none match).
    public var pages: Int { max(1, (total + Self.size - 1) / Self.size) }
}

/// What a long list is narrowed to: text found in any of its columns (ignoring case), and which
/// page of the matches.
public struct ListQuery: Sendable, Equatable {
    public var find: String
    public var page: Int

    public init(find: String = "", page: Int = 1) {
        self.find = find.trimmingCharacters(in: .whitespaces)
        self.page = max(1, page)
    }

    /// `(column LIKE ? OR ...)` for `columns`, with its binds; nil when nothing is to be found.
    func condition(_ columns: [String]) -> (sql: String, binds: [SQLValue])? {
        guard !find.isEmpty else { return nil }
        // % and _ are what LIKE reads as wildcards: a name holding them is matched without them.
        let pattern = "%" + find.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
        return ("(" + columns.map { "LOWER(\($0)) LIKE ?" }.joined(separator: " OR ") + ")", columns.map { _ in .text(pattern) })
    }

    /// ` LIMIT .. OFFSET ..` for this page.
    var limit: String { " LIMIT \(ListSlice<Int>.size) OFFSET \((page - 1) * ListSlice<Int>.size)" }
}
