import AttuneCore
import FluentKit
import Foundation

/// A user as the application sees one: no Fluent types, the password only as its hash.
public struct StoredUser: Sendable, Equatable {
    public let id: UUID
    public let username: String
    public let displayName: String
    public let role: Role
    public let passwordHash: String
    public let centres: Set<String>

    public var scope: AccessScope { AccessScope(role: role, centres: centres) }
}

/// Users and their centres. Hashing passwords is the caller's job (AttuneWeb's Passwords), so
/// that no plain password ever reaches this layer.
public enum UserStore {
    /// 3-64 characters: lower-case letters, digits, dots, hyphens, underscores; a letter or digit first.
    static func validUsername(_ name: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (3...64).contains(name.count), let first = name.first, first.isLetter || first.isNumber else { return false }
        return name.allSatisfy { allowed.contains($0) }
    }

    /// The account a typed username names: lower case, without the spaces around it, and with
    /// any run of spaces inside it read as one. Users are created, found and throttled by this
    /// form alone, so "Demo-Admin " and "demo-admin" are one account everywhere.
    public static func normalisedUsername(_ typed: String) -> String {
        typed.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Creates a user under the normalised form of `username` (`normalisedUsername`).
    public static func create(username typed: String, displayName: String, role: Role, passwordHash: String, centres: [String],
                              now: Date, on database: any Database) async throws -> StoredUser {
        let username = normalisedUsername(typed)
        let record = "user \(username)"
        guard validUsername(username) else {
            throw ReachInputError(record, field: "username", "use 3-64 lower-case letters, digits, dots, hyphens or underscores")
        }
        let name = displayName.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw ReachInputError(record, field: "display_name", "give a name of 1-100 characters") }
        guard role == .admin || !centres.isEmpty else {
            throw ReachInputError(record, field: "centres", "a \(role.label) belongs to at least one centre; name it with --centres")
        }
        return try await database.writeTransaction { db in
            if try await UserModel.query(on: db).filter(\.$username == username).count() > 0 {
                throw ReachInputError(record, field: "username", "\(username) is already taken")
            }
            let centreModels = try await CentreModel.query(on: db).filter(\.$code ~~ centres).all()
            if let unknown = Set(centres).subtracting(centreModels.map(\.code)).sorted().first {
                throw ReachInputError(record, field: "centres", "no centre has the id \(unknown)")
            }
            let model = UserModel()
            model.username = username
            model.displayName = name
            model.role = role.rawValue
            model.passwordHash = passwordHash
            model.createdAt = now.timeIntervalSince1970
            try await model.create(on: db)
            for centre in centreModels {
                let membership = UserCentreModel()
                membership.$user.id = try model.requireID()
                membership.$centre.id = try centre.requireID()
                try await membership.create(on: db)
            }
            return StoredUser(id: try model.requireID(), username: username, displayName: name, role: role,
                              passwordHash: passwordHash, centres: Set(centreModels.map(\.code)))
        }
    }

    /// The user `username` names, in its normalised form (`normalisedUsername`).
    public static func find(username: String, on database: any Database) async throws -> StoredUser? {
        try await find(where: "\"u\".\"username\" = ?", .text(normalisedUsername(username)), on: database)
    }

    public static func find(id: UUID, on database: any Database) async throws -> StoredUser? {
        try await find(where: "\"u\".\"id\" = ?", .uuid(id), on: database)
    }

    /// One user with her centres, in one query of raw rows (one row per centre): every page
    /// view looks up the signed-in user, and Fluent's model decoding cost more than the query.
    private static func find(where condition: String, _ value: SQLValue, on database: any Database) async throws -> StoredUser? {
        let rows = try await RawSQL.rows("""
            SELECT "u"."id", "u"."username", "u"."display_name", "u"."role", "u"."password_hash", "c"."code"
            FROM "users" AS "u" LEFT JOIN "user_centres" AS "uc" ON "uc"."user_id" = "u"."id"
            LEFT JOIN "centres" AS "c" ON "c"."id" = "uc"."centre_id"
            WHERE \(condition)
            """, [value], on: database) { $0 }
        guard let first = rows.first else { return nil }
        let username = try first.required(1, "user", "username"), record = "user \(username)"
        guard let id = first.text(0).flatMap(UUID.init(uuidString:)) else {
            throw StoredDataError.invalidValue(record: record, field: "id", value: first.text(0) ?? "NULL")
        }
        return StoredUser(id: id, username: username, displayName: first.text(2) ?? "", role: try first.decode(Role.self, 3, record, "role"),
                          passwordHash: try first.required(4, record, "password_hash"), centres: Set(rows.compactMap { $0.text(5) }))
    }
}
