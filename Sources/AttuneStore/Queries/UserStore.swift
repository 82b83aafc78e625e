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

    public static func create(username: String, displayName: String, role: Role, passwordHash: String, centres: [String],
                              now: Date, on database: any Database) async throws -> StoredUser {
        let record = "user \(username)"
        guard validUsername(username) else {
            throw ReachInputError(record, field: "username", "use 3-64 lower-case letters, digits, dots, hyphens or underscores")
        }
        let name = displayName.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw ReachInputError(record, field: "display_name", "give a name of 1-100 characters") }
        guard role == .admin || !centres.isEmpty else {
            throw ReachInputError(record, field: "centres", "a \(role.label) belongs to at least one centre; name it with --centres")
        }
        return try await database.transaction { db in
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

    public static func find(username: String, on database: any Database) async throws -> StoredUser? {
        guard let model = try await UserModel.query(on: database).filter(\.$username == username).first() else { return nil }
        return try await stored(model, on: database)
    }

    public static func find(id: UUID, on database: any Database) async throws -> StoredUser? {
        guard let model = try await UserModel.find(id, on: database) else { return nil }
        return try await stored(model, on: database)
    }

    static func stored(_ model: UserModel, on database: any Database) async throws -> StoredUser {
        let centres = try await UserCentreModel.query(on: database).filter(\.$user.$id == model.requireID()).with(\.$centre).all()
        guard let role = Role(rawValue: model.role) else {
            throw StoredDataError.invalidValue(record: "user \(model.username)", field: "role", value: model.role)
        }
        return StoredUser(id: try model.requireID(), username: model.username, displayName: model.displayName, role: role,
                          passwordHash: model.passwordHash, centres: Set(centres.map(\.centre.code)))
    }
}
