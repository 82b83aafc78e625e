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
    /// May not sign in; its sessions end at their next request.
    public var disabled = false
    /// Its password was set by an administrator: changed at the next sign-in before anything else.
    public var mustChangePassword = false
    /// A session stands only while it carries this number (`UserStore.endSessions`).
    public var sessionEpoch = 0

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

    /// Everything wrong with an account's details, by field (`username`, `display_name`,
    /// `centres`), read against what is stored; empty when they can be saved. `existing` is the
    /// account being changed (its own username is not "taken").
    public static func problems(username typed: String?, displayName: String, role: Role, centres: [String], existing: UUID? = nil,
                                on database: any Database) async throws -> [String: String] {
        var problems: [String: String] = [:]
        if let typed {
            let username = normalisedUsername(typed)
            if !validUsername(username) {
                problems["username"] = "use 3-64 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit"
            } else if let holder = try await find(username: username, on: database), holder.id != existing {
                problems["username"] = "\(username) is already taken"
            }
        }
        let name = displayName.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 100 { problems["display_name"] = "give a name of 1-100 characters" }
        if role != .admin && centres.isEmpty {
            problems["centres"] = "a \(role.label) belongs to at least one centre; name one or more centre codes"
        } else if !centres.isEmpty {
            let known = Set(try await CentreModel.query(on: database).filter(\.$code ~~ centres).all().map(\.code))
            let unknown = Set(centres).subtracting(known).sorted()
            if !unknown.isEmpty { problems["centres"] = "no centre has the code \(unknown.joined(separator: ", "))" }
        }
        return problems
    }

    /// Creates a user under the normalised form of `username` (`normalisedUsername`).
    /// `mustChangePassword`: the password was chosen for her (a one-time password).
    public static func create(username typed: String, displayName: String, role: Role, passwordHash: String, centres: [String],
                              mustChangePassword: Bool = false, now: Date, on database: any Database) async throws -> StoredUser {
        let username = normalisedUsername(typed)
        let record = "user \(username)"
        let name = displayName.trimmingCharacters(in: .whitespaces)
        return try await database.writeTransaction { db in
            // Checked in the transaction, so that two administrators cannot both take one name.
            let problems = try await problems(username: username, displayName: name, role: role, centres: centres, on: db)
            if let (field, message) = problems.sorted(by: { $0.key < $1.key }).first {
                throw problems.count == 1 ? ReachInputError(record, field: field, message) as any Error : FormProblems(record, problems)
            }
            let centreModels = try await CentreModel.query(on: db).filter(\.$code ~~ centres).all()
            let model = UserModel()
            model.username = username
            model.displayName = name
            model.role = role.rawValue
            model.passwordHash = passwordHash
            model.createdAt = now.timeIntervalSince1970
            try await model.create(on: db)
            if mustChangePassword {
                try await RawSQL.execute("UPDATE \"users\" SET \"must_change_password\" = ? WHERE \"id\" = ?",
                                         [.bool(true), .uuid(try model.requireID())], on: db)
            }
            for centre in centreModels {
                let membership = UserCentreModel()
                membership.$user.id = try model.requireID()
                membership.$centre.id = try centre.requireID()
                try await membership.create(on: db)
            }
            try await ActivityLog.record(.create, kind: "user", code: username, summary: "Added user \(username) (\(role.label))", at: now, on: db)
            return StoredUser(id: try model.requireID(), username: username, displayName: name, role: role,
                              passwordHash: passwordHash, centres: Set(centreModels.map(\.code)), mustChangePassword: mustChangePassword)
        }
    }

    /// Every user, by username, with her centres: the administrator's list.
    public static func all(on database: any Database) async throws -> [StoredUser] {
        try await users(where: nil, nil, on: database)
    }

    /// Changes an account's name, role, centres and whether it may sign in, as one write.
    /// Disabling it ends its sessions (`sessionEpoch`). Refused, by field, as `problems` says.
    public static func update(_ id: UUID, displayName: String, role: Role, centres: [String], disabled: Bool,
                              on database: any Database) async throws -> StoredUser {
        let name = displayName.trimmingCharacters(in: .whitespaces)
        return try await database.writeTransaction { db in
            guard let user = try await find(id: id, on: db) else { throw ReachInputError("user", field: "id", "no user has this id") }
            let problems = try await problems(username: nil, displayName: name, role: role, centres: centres, existing: id, on: db)
            guard problems.isEmpty else { throw FormProblems("user \(user.username)", problems) }
            try await RawSQL.execute("UPDATE \"users\" SET \"display_name\" = ?, \"role\" = ?, \"disabled\" = ?,"
                                     + " \"session_epoch\" = \"session_epoch\" + ? WHERE \"id\" = ?",
                                     [.text(name), .text(role.rawValue), .bool(disabled), .int(disabled && !user.disabled ? 1 : 0), .uuid(id)], on: db)
            try await RawSQL.execute("DELETE FROM \"user_centres\" WHERE \"user_id\" = ?", [.uuid(id)], on: db)
            let centreModels = try await CentreModel.query(on: db).filter(\.$code ~~ centres).all()
            for centre in centreModels {
                let membership = UserCentreModel()
                membership.$user.id = id
                membership.$centre.id = try centre.requireID()
                try await membership.create(on: db)
            }
            guard let changed = try await find(id: id, on: db) else { throw ReachInputError("user", field: "id", "no user has this id") }
            try await ActivityLog.record(.change, kind: "user", code: user.username,
                                         summary: "Changed user \(user.username) (\(role.label)\(disabled ? ", disabled" : ""))", on: db)
            return changed
        }
    }

    /// Sets an account's password (its bcrypt hash). `chosenForHer`: an administrator reset it
    /// to a one-time password: every session of the account ends, and she must choose her own
    /// at the next sign-in. Otherwise she chose it herself, and that requirement is met.
    public static func setPassword(_ id: UUID, hash: String, chosenForHer: Bool, on database: any Database) async throws {
        try await database.writeTransaction { db in
            try await RawSQL.execute("UPDATE \"users\" SET \"password_hash\" = ?, \"must_change_password\" = ?,"
                                     + " \"session_epoch\" = \"session_epoch\" + ? WHERE \"id\" = ?",
                                     [.text(hash), .bool(chosenForHer), .int(chosenForHer ? 1 : 0), .uuid(id)], on: db)
            let username = try await find(id: id, on: db)?.username ?? id.uuidString
            try await ActivityLog.record(.change, kind: "user", code: username,
                                         summary: chosenForHer ? "One-time password set for \(username)" : "\(username) chose a new password", on: db)
        }
    }

    /// Ends every session of an account: each is signed out at its next request.
    public static func endSessions(of id: UUID, on database: any Database) async throws {
        try await database.writeTransaction { db in
            try await RawSQL.execute("UPDATE \"users\" SET \"session_epoch\" = \"session_epoch\" + 1 WHERE \"id\" = ?", [.uuid(id)], on: db)
            let username = try await find(id: id, on: db)?.username ?? id.uuidString
            try await ActivityLog.record(.change, kind: "user", code: username, summary: "Ended every session of \(username)", on: db)
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
        try await users(where: condition, value, on: database).first
    }

    /// Users with their centres (all when `condition` is nil), by username.
    private static func users(where condition: String?, _ value: SQLValue?, on database: any Database) async throws -> [StoredUser] {
        let rows = try await RawSQL.rows("""
            SELECT "u"."id", "u"."username", "u"."display_name", "u"."role", "u"."password_hash", "c"."code",
                "u"."disabled", "u"."must_change_password", "u"."session_epoch"
            FROM "users" AS "u" LEFT JOIN "user_centres" AS "uc" ON "uc"."user_id" = "u"."id"
            LEFT JOIN "centres" AS "c" ON "c"."id" = "uc"."centre_id"
            """ + (condition.map { " WHERE " + $0 } ?? "") + " ORDER BY \"u\".\"username\"", value.map { [$0] } ?? [], on: database) { $0 }
        var users: [StoredUser] = []
        for row in rows {
            let username = try row.required(1, "user", "username"), record = "user \(username)"
            if let last = users.last, last.username == username {
                if let centre = row.text(5) { users[users.count - 1] = last.adding(centre: centre) }
                continue
            }
            guard let id = row.text(0).flatMap(UUID.init(uuidString:)) else {
                throw StoredDataError.invalidValue(record: record, field: "id", value: row.text(0) ?? "NULL")
            }
            users.append(StoredUser(id: id, username: username, displayName: row.text(2) ?? "", role: try row.decode(Role.self, 3, record, "role"),
                                    passwordHash: try row.required(4, record, "password_hash"), centres: Set(row.text(5).map { [$0] } ?? []),
                                    disabled: row.bool(6) ?? false, mustChangePassword: row.bool(7) ?? false, sessionEpoch: row.int(8) ?? 0))
        }
        return users
    }
}

extension StoredUser {
    func adding(centre: String) -> StoredUser {
        var centres = centres
        centres.insert(centre)
        return StoredUser(id: id, username: username, displayName: displayName, role: role, passwordHash: passwordHash, centres: centres,
                          disabled: disabled, mustChangePassword: mustChangePassword, sessionEpoch: sessionEpoch)
    }
}
