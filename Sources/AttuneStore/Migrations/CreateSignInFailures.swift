import FluentKit
import SQLKit

/// `sign_in_failures`: the sign-in throttle's counts (`SignInFailureStore`), kept in the database
/// so that a restart does not reset them. One row per failed sign-in (and per attempt still
/// being checked): the account as a hash of the normalised username, the client's address, and
/// the time. Rows older than the throttle's window are removed every hour (`StaleSessionPurge`).
struct CreateSignInFailures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SignInFailureStore.table)
            .id()
            .field("account", .string, .required)
            .field("address", .string, .required)
            .field("failed_at", .double, .required)
            .create()
        let sql = database as! any SQLDatabase
        // The throttle counts one account's failures and one address's, each within a window.
        try await sql.raw("CREATE INDEX IF NOT EXISTS sign_in_failures_account ON sign_in_failures (account, failed_at)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS sign_in_failures_address ON sign_in_failures (address, failed_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInFailureStore.table).delete()
    }
}
