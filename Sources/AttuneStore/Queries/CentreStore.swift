import AttuneCore
import FluentKit
import Foundation

/// Centres as the administrator manages them from the web: listed, added and changed, each
/// checked by the import's validator (`EvidenceValidator`) and stored by the columns its one
/// definition gives (`EvidenceRows.centreColumns`).
public enum CentreStore {
    /// A centre with how many programmes it runs.
    public struct Listed: Sendable {
        public let centre: Centre
        public let programmes: Int
    }

    /// Every centre, by code, with its programmes counted.
    public static func all(on database: any Database) async throws -> [Listed] {
        let columns = EvidenceRows.centreColumns.map { "\"c\".\(RawSQL.quoted($0))" }.joined(separator: ", ")
        return try await RawSQL.rows(
            "SELECT \(columns), (SELECT COUNT(*) FROM \"programmes\" AS \"p\" WHERE \"p\".\"centre_id\" = \"c\".\"id\")"
                + " FROM \"centres\" AS \"c\" ORDER BY \"c\".\"code\"", on: database) { row in
            Listed(centre: try EvidenceRows.centre(row), programmes: row.int(EvidenceRows.centreColumns.count) ?? 0)
        }
    }

    /// One page of the centres whose code or name holds `query.find`, by code, each with its
    /// programmes counted.
    public static func list(_ query: ListQuery, on database: any Database) async throws -> ListSlice<Listed> {
        let found = query.condition(["\"c\".\"code\"", "\"c\".\"name\""])
        let condition = found.map { " WHERE " + $0.sql } ?? ""
        let total = try await RawSQL.rows("SELECT COUNT(*) FROM \"centres\" AS \"c\"" + condition, found?.binds ?? [], on: database) { $0.int(0) ?? 0 }.first ?? 0
        let columns = EvidenceRows.centreColumns.map { "\"c\".\(RawSQL.quoted($0))" }.joined(separator: ", ")
        let items = try await RawSQL.rows(
            "SELECT \(columns), (SELECT COUNT(*) FROM \"programmes\" AS \"p\" WHERE \"p\".\"centre_id\" = \"c\".\"id\")"
                + " FROM \"centres\" AS \"c\"" + condition + RawSQL.orderBy(["\"c\".\"code\""], on: database) + query.limit,
            found?.binds ?? [], on: database) { row in
            Listed(centre: try EvidenceRows.centre(row), programmes: row.int(EvidenceRows.centreColumns.count) ?? 0)
        }
        return ListSlice(items: items, total: total, page: query.page)
    }

    public static func find(code: String, on database: any Database) async throws -> Centre? {
        try await RawSQL.rows("SELECT " + EvidenceRows.centreColumns.map(RawSQL.quoted).joined(separator: ", ")
                              + " FROM \"centres\" WHERE \"code\" = ?", [.text(code)], on: database) { try EvidenceRows.centre($0) }.first
    }

    /// Adds a centre; refused by field (`FormProblems`) when its code is taken or a value is
    /// out of range, storing nothing.
    public static func add(_ centre: Centre, on database: any Database) async throws {
        try refuseInvalid(centre)
        try await database.writeTransaction { db in
            guard try await find(code: centre.id, on: db) == nil else {
                throw FormProblems("centre \(centre.id)", ["id": "A centre has the code \(centre.id) already; choose another."])
            }
            try await RawSQL.insert(into: CentreModel.schema, columns: EvidenceRows.centreColumns,
                                    rows: [EvidenceRows.row(centre, id: UUID())], on: db)
            try await ActivityLog.record(.create, kind: "centre", code: centre.id, summary: "Added centre \(centre.id)", on: db)
        }
    }

    /// Changes a stored centre's details (not its code). Its programmes' stored profiles hold
    /// nothing of the centre's, so none is derived again.
    public static func update(_ centre: Centre, on database: any Database) async throws {
        try refuseInvalid(centre)
        let changed = Array(zip(EvidenceRows.centreColumns, EvidenceRows.row(centre, id: UUID())).filter { $0.0 != "id" && $0.0 != "code" })
        try await database.writeTransaction { db in
            guard try await find(code: centre.id, on: db) != nil else {
                throw FormProblems("centre \(centre.id)", ["id": "No centre has the code \(centre.id)."])
            }
            try await RawSQL.execute("UPDATE \"centres\" SET " + changed.map { "\(RawSQL.quoted($0.0)) = ?" }.joined(separator: ", ")
                                     + " WHERE \"code\" = ?", changed.map(\.1) + [.text(centre.id)], on: db)
            try await ActivityLog.record(.change, kind: "centre", code: centre.id, summary: "Changed centre \(centre.id)", on: db)
        }
    }

    /// The import's checks of one centre, by field.
    private static func refuseInvalid(_ centre: Centre) throws {
        let problems = EvidenceValidator.problems(in: EvidenceDocument(centres: [centre]), today: nil)
        guard problems.isEmpty else {
            throw FormProblems("centre \(centre.id)", Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}
