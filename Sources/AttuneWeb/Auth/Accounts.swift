import AttuneCore
import AttuneStore
import FluentKit
import Foundation

/// Creating users: the password is checked and hashed here, then stored by AttuneStore.
public enum Accounts {
    public static func create(username: String, displayName: String, role: Role, password: String, centres: [String],
                              on database: any Database) async throws -> StoredUser {
        let hash = try Passwords.hash(password)
        return try await UserStore.create(username: username, displayName: displayName, role: role, passwordHash: hash,
                                          centres: centres, now: Date(), on: database)
    }

    /// The demo's users, as the issue names them, with the study's centres.
    public static let demoUsers: [(username: String, displayName: String, role: Role, centres: [String])] = [
        ("demo-admin", "Demo administrator", .admin, []),
        ("demo-manager-a", "Demo manager, centre A", .manager, ["A"]),
        ("demo-facilitator-a", "Demo facilitator, centre A", .facilitator, ["A"]),
        ("demo-facilitator-b", "Demo facilitator, centre B", .facilitator, ["B"]),
        ("demo-evaluator", "Demo evaluator", .evaluator, ["A", "B", "C"]),
    ]

    public enum DemoUsersOutcome: Sendable, Equatable {
        /// Created now; `generatedPassword` is set when no password was given, to be printed once.
        case created(generatedPassword: String?)
        case alreadyPresent
    }

    /// Creates the demo users with one shared password (given, or generated), unless a user
    /// of that name already exists.
    public static func ensureDemoUsers(password: String?, on database: any Database) async throws -> DemoUsersOutcome {
        guard try await UserStore.find(username: demoUsers[0].username, on: database) == nil else { return .alreadyPresent }
        let chosen = password.flatMap { $0.isEmpty ? nil : $0 } ?? Passwords.generate()
        // One hash for all five: bcrypt at cost 12 is slow on purpose.
        let hash = try Passwords.hash(chosen)
        for user in demoUsers {
            _ = try await UserStore.create(username: user.username, displayName: user.displayName, role: user.role,
                                           passwordHash: hash, centres: user.centres, now: Date(), on: database)
        }
        return .created(generatedPassword: password.flatMap { $0.isEmpty ? nil : $0 } == nil ? chosen : nil)
    }
}
