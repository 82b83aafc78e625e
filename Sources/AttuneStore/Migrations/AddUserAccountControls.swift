import FluentKit
import SQLKit

/// What an administrator controls of an account beyond its role and centres: whether it may
/// sign in (`disabled`), whether its password was set by someone else and must be changed at the
/// next sign-in (`must_change_password`), and which of its sessions still stand
/// (`session_epoch`: a session remembers the epoch it signed in under, and ending every session
/// of an account is one increment).
struct AddUserAccountControls: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE \(ident: UserModel.schema) ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE").run()
        try await sql.raw("ALTER TABLE \(ident: UserModel.schema) ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE").run()
        try await sql.raw("ALTER TABLE \(ident: UserModel.schema) ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0").run()
    }

    func revert(on database: any Database) async throws {
        for column in ["session_epoch", "must_change_password", "disabled"] {
            try await database.schema(UserModel.schema).deleteField(.string(column)).update()
        }
    }
}
