import Foundation

/// Row ids for rows inserted together.
enum UUIDs {
    /// `count` new random ids in ascending order. Rows keyed by random UUIDs land all over a
    /// table's indexes, and a national load into SQLite spent much of its time reading and
    /// writing index pages; inserted in ascending order, each index grows at its right-hand edge.
    /// The ids are no less random, only handed out in order.
    static func ascending(_ count: Int) -> [UUID] {
        (0..<count).map { _ in UUID() }.sorted { precedes($0, $1) }
    }

    /// Byte order, which is the order of the upper-case text (SQLite) and of PostgreSQL's `uuid`.
    static func precedes(_ a: UUID, _ b: UUID) -> Bool {
        withUnsafeBytes(of: a.uuid) { a in
            withUnsafeBytes(of: b.uuid) { b in a.lexicographicallyPrecedes(b) }
        }
    }
}
