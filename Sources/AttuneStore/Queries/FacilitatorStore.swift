import AttuneCore
import FluentKit
import Foundation

/// Facilitators as the administrator manages them from the web: listed with the centres they
/// work in, added and changed. Their details are the facilitator's one definition
/// (`EvidenceRecords.facilitator`), checked as an import checks them; the centres they work in
/// are an assignment kept beside them (`facilitator_centres`), not evidence.
public enum FacilitatorStore {
    public struct Listed: Sendable, Equatable {
        public let facilitator: Facilitator
        public let centres: [String]
        /// The username of the Attune account she signs in with, when she has one.
        public var account: String? = nil
    }

    /// Every facilitator, by code, with the centres assigned to them.
    public static func all(on database: any Database) async throws -> [Listed] {
        try await listed(codes: nil, on: database)
    }

    public static func find(code: String, on database: any Database) async throws -> Listed? {
        try await listed(codes: [code], on: database).first
    }

    /// One page of the facilitators whose code or name holds `query.find`, by code, with the
    /// centres assigned to them and their accounts.
    public static func list(_ query: ListQuery, on database: any Database) async throws -> ListSlice<Listed> {
        let found = query.condition(["\"code\"", "\"name\""])
        let condition = found.map { " WHERE " + $0.sql } ?? ""
        let total = try await RawSQL.rows("SELECT COUNT(*) FROM \"facilitators\"" + condition, found?.binds ?? [], on: database) { $0.int(0) ?? 0 }.first ?? 0
        let codes = try await RawSQL.rows("SELECT \"code\" FROM \"facilitators\"" + condition + RawSQL.orderBy(["\"code\""], on: database) + query.limit,
                                          found?.binds ?? [], on: database) { $0.text(0) ?? "" }
        return ListSlice(items: codes.isEmpty ? [] : try await listed(codes: codes, on: database), total: total, page: query.page)
    }

    /// Adds a facilitator working in `centres`; refused by field (`FormProblems`) when the code
    /// is taken, a value is out of range or a centre does not exist, storing nothing.
    /// `account`: the username of her Attune account, if she has one.
    public static func add(_ facilitator: Facilitator, centres: [String], account: String? = nil, on database: any Database) async throws {
        try refuseInvalid(facilitator)
        try await database.writeTransaction { db in
            guard try await find(code: facilitator.id, on: db) == nil else {
                throw FormProblems("facilitator \(facilitator.id)", ["id": "A facilitator has the code \(facilitator.id) already; choose another."])
            }
            let centreIDs = try await centreIDs(centres, of: facilitator, on: db)
            let id = UUID()
            try await RawSQL.insert(into: FacilitatorModel.schema, columns: EvidenceRows.facilitatorColumns,
                                    rows: [EvidenceRows.row(facilitator, id: id)], on: db)
            try await assign(id, to: centreIDs, on: db)
            try await link(id, to: account, of: facilitator, on: db)
            try await ActivityLog.record(.create, kind: "facilitator", code: facilitator.id, summary: "Added facilitator \(facilitator.id)", on: db)
        }
    }

    /// Changes a stored facilitator's details (not the code) and the centres they work in.
    /// Profiles hold nothing of a facilitator's details, so none is derived again.
    public static func update(_ facilitator: Facilitator, centres: [String], account: String? = nil, on database: any Database) async throws {
        try refuseInvalid(facilitator)
        let changed = Array(zip(EvidenceRows.facilitatorColumns, EvidenceRows.row(facilitator, id: UUID())).filter { $0.0 != "id" && $0.0 != "code" })
        try await database.writeTransaction { db in
            let ids = try await RawSQL.rows("SELECT \"id\" FROM \"facilitators\" WHERE \"code\" = ?", [.text(facilitator.id)], on: db) { $0.text(0) }
            guard let id = (ids.first ?? nil).flatMap(UUID.init(uuidString:)) else {
                throw FormProblems("facilitator \(facilitator.id)", ["id": "No facilitator has the code \(facilitator.id)."])
            }
            let centreIDs = try await centreIDs(centres, of: facilitator, on: db)
            try await RawSQL.execute("UPDATE \"facilitators\" SET " + changed.map { "\(RawSQL.quoted($0.0)) = ?" }.joined(separator: ", ")
                                     + " WHERE \"id\" = ?", changed.map(\.1) + [.uuid(id)], on: db)
            try await RawSQL.execute("DELETE FROM \(RawSQL.quoted(CreateFacilitatorCentres.schema)) WHERE \"facilitator_id\" = ?", [.uuid(id)], on: db)
            try await assign(id, to: centreIDs, on: db)
            try await link(id, to: account, of: facilitator, on: db)
            try await ActivityLog.record(.change, kind: "facilitator", code: facilitator.id, summary: "Changed facilitator \(facilitator.id)", on: db)
        }
    }

    /// Links her to the account `username` (none when nil or empty); refused by field
    /// ("account") for a username no account has.
    private static func link(_ facilitator: UUID, to username: String?, of record: Facilitator, on db: any Database) async throws {
        var user: String?
        if let username = username?.trimmingCharacters(in: .whitespaces), !username.isEmpty {
            let normalised = UserStore.normalisedUsername(username)
            user = try await RawSQL.rows("SELECT \"id\" FROM \"users\" WHERE \"username\" = ?", [.text(normalised)], on: db) { $0.text(0) }.first ?? nil
            guard user != nil else {
                throw FormProblems("facilitator \(record.id)", ["account": "no one signs in as \(normalised); add the account at Users first, or leave this empty"])
            }
        }
        try await RawSQL.execute("UPDATE \"facilitators\" SET \"user_id\" = ? WHERE \"id\" = ?", [user.map { .rowID($0) } ?? .uuid(nil), .uuid(facilitator)],
                                 on: db)
    }

    /// The row ids of `centres`, every one of them known; refused by field otherwise.
    private static func centreIDs(_ centres: [String], of facilitator: Facilitator, on db: any Database) async throws -> [String] {
        let codes = Array(Set(centres)).sorted()
        guard !codes.isEmpty else {
            throw FormProblems("facilitator \(facilitator.id)", ["centres": "name at least one centre they work in"])
        }
        let found = try await RawSQL.rows("SELECT \"code\", \"id\" FROM \"centres\" WHERE \"code\" IN (\(RawSQL.placeholders(codes.count)))",
                                          codes.map { .text($0) }, on: db) { ($0.text(0) ?? "", $0.text(1) ?? "") }
        let unknown = Set(codes).subtracting(found.map(\.0)).sorted()
        guard unknown.isEmpty else {
            throw FormProblems("facilitator \(facilitator.id)", ["centres": "no centre has the code \(unknown.joined(separator: ", "))"])
        }
        return found.map(\.1)
    }

    private static func assign(_ facilitator: UUID, to centres: [String], on db: any Database) async throws {
        try await RawSQL.insert(into: CreateFacilitatorCentres.schema, columns: ["id", "facilitator_id", "centre_id"],
                                rows: centres.map { [.uuid(UUID()), .uuid(facilitator), .rowID($0)] }, on: db)
    }

    /// The facilitators `codes` names (every one when nil), by code, with their centres and accounts.
    private static func listed(codes: [String]?, on database: any Database) async throws -> [Listed] {
        let binds: [SQLValue] = codes?.map { .text($0) } ?? []
        func only(_ column: String) -> String { codes.map { " WHERE \(column) IN (\(RawSQL.placeholders($0.count)))" } ?? "" }
        let rows = try await RawSQL.rows(EvidenceRows.select(EvidenceRows.facilitatorColumns, from: FacilitatorModel.schema)
                                         + only("\"code\"") + RawSQL.orderBy(["\"code\""], on: database), binds, on: database) { $0 }
        let assigned = try await RawSQL.rows(
            "SELECT \"f\".\"code\", \"c\".\"code\" FROM \(RawSQL.quoted(CreateFacilitatorCentres.schema)) AS \"fc\""
                + " JOIN \"facilitators\" AS \"f\" ON \"f\".\"id\" = \"fc\".\"facilitator_id\" JOIN \"centres\" AS \"c\" ON \"c\".\"id\" = \"fc\".\"centre_id\""
                + only("\"f\".\"code\""), binds, on: database) { ($0.text(0) ?? "", $0.text(1) ?? "") }
        let centres = Dictionary(grouping: assigned, by: \.0).mapValues { $0.map(\.1).sorted() }
        let accounts = Dictionary(try await RawSQL.rows(
            "SELECT \"f\".\"code\", \"u\".\"username\" FROM \"facilitators\" AS \"f\" JOIN \"users\" AS \"u\" ON \"u\".\"id\" = \"f\".\"user_id\""
                + only("\"f\".\"code\""), binds, on: database) { ($0.text(0) ?? "", $0.text(1) ?? "") },
            uniquingKeysWith: { first, _ in first })
        return try rows.map { row in
            let facilitator = try EvidenceRows.facilitator(row)
            return Listed(facilitator: facilitator, centres: centres[facilitator.id] ?? [], account: accounts[facilitator.id])
        }
    }

    /// The import's checks of one facilitator, by field.
    private static func refuseInvalid(_ facilitator: Facilitator) throws {
        let problems = EvidenceValidator.problems(in: EvidenceDocument(facilitators: [facilitator]), today: nil)
        guard problems.isEmpty else {
            throw FormProblems("facilitator \(facilitator.id)", Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first }))
        }
    }
}
