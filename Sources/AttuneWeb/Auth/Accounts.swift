import AttuneCore
import AttuneStore
import FluentKit
import Foundation

/// Creating users: the password is checked and hashed here, then stored by AttuneStore.
public enum Accounts {
    /// - Parameter now: when the account is created (the server's clock, `Request.now`).
    public static func create(username: String, displayName: String, role: Role, password: String, centres: [String],
                              now: Date = Date(), on database: any Database) async throws -> StoredUser {
        let hash = try Passwords.hash(password, record: "user \(UserStore.normalisedUsername(username))")
        return try await UserStore.create(username: username, displayName: displayName, role: role, passwordHash: hash,
                                          centres: centres, now: now, on: database)
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
        /// Not created: the database already holds users, or programmes the demo did not load.
        /// Five accounts with one known password (an administrator among them) have no place
        /// in a database in use.
        case notAddedToDatabaseInUse(users: Int, programmes: Int)
    }

    /// Creates the demo users with one shared password (given, or generated), in a database the
    /// demo has just filled: none when they exist already, nor when the database holds any user
    /// or any programme of its own. Run after `StudyDemoLoader.load`, which fills only a
    /// database without programmes: the programmes it loads are the study's, each with the
    /// total the paper printed (which nothing else writes), and the invented `DemoProgramme`.
    public static func ensureDemoUsers(password: String?, now: Date = Date(), on database: any Database) async throws -> DemoUsersOutcome {
        guard try await UserStore.find(username: demoUsers[0].username, on: database) == nil else { return .alreadyPresent }
        let users = try await UserModel.query(on: database).count()
        let programmes = try await ProgrammeModel.query(on: database)
            .filter(\.$publishedTotal == nil).filter(\.$code != DemoProgramme.id).count()
        guard users == 0, programmes == 0 else { return .notAddedToDatabaseInUse(users: users, programmes: programmes) }
        let chosen = password.flatMap { $0.isEmpty ? nil : $0 } ?? Passwords.generate()
        // One hash for all five: bcrypt at cost 12 is slow on purpose.
        let hash = try Passwords.hash(chosen)
        for user in demoUsers {
            _ = try await UserStore.create(username: user.username, displayName: user.displayName, role: user.role,
                                           passwordHash: hash, centres: user.centres, now: now, on: database)
        }
        return .created(generatedPassword: password.flatMap { $0.isEmpty ? nil : $0 } == nil ? chosen : nil)
    }
}
