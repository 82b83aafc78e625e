import FluentKit
import Foundation

/// The sign-in throttle's counts (`LoginThrottle` in AttuneWeb): one row per failed sign-in,
/// and per attempt still being checked, in `sign_in_failures`. The account is whatever key the
/// caller gives (AttuneWeb gives a hash of the normalised username, so that a password typed
/// into the username box is not kept in clear); the address is the client's.
public enum SignInFailureStore {
    static let table = "sign_in_failures"

    /// Failures within a window: for the account from anywhere, for the account from this
    /// address, and from this address for any account.
    public struct Counts: Sendable, Equatable {
        public let account: Int
        public let accountAtAddress: Int
        public let address: Int

        public init(account: Int, accountAtAddress: Int, address: Int) {
            self.account = account
            self.accountAtAddress = accountAtAddress
            self.address = address
        }
    }

    /// Records one failure (or an attempt that counts as one until it succeeds) and returns its id.
    public static func record(account: String, address: String, at time: Date, on database: any Database) async throws -> UUID {
        let id = UUID()
        try await write("""
            INSERT INTO "sign_in_failures" ("id", "account", "address", "failed_at") VALUES (?, ?, ?, ?)
            """, [.uuid(id), .text(account), .text(address), .double(time.timeIntervalSince1970)], on: database)
        return id
    }

    /// The failures since `start` (exclusive), counted in one read.
    public static func counts(account: String, address: String, since start: Date, on database: any Database) async throws -> Counts {
        let rows = try await RawSQL.rows("""
            SELECT COALESCE(SUM(CASE WHEN "account" = ? THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN "account" = ? AND "address" = ? THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN "address" = ? THEN 1 ELSE 0 END), 0)
            FROM "sign_in_failures" WHERE ("account" = ? OR "address" = ?) AND "failed_at" > ?
            """, [.text(account), .text(account), .text(address), .text(address), .text(account), .text(address),
                  .double(start.timeIntervalSince1970)], on: database) {
            Counts(account: $0.int(0) ?? 0, accountAtAddress: $0.int(1) ?? 0, address: $0.int(2) ?? 0)
        }
        return rows.first ?? Counts(account: 0, accountAtAddress: 0, address: 0)
    }

    /// Removes one row (`record`'s id): an attempt refused by the throttle, which does not count.
    public static func remove(id: UUID, on database: any Database) async throws {
        try await write("DELETE FROM \"sign_in_failures\" WHERE \"id\" = ?", [.uuid(id)], on: database)
    }

    /// Removes the account's failures from this address: it signed in from there.
    public static func removeAll(account: String, address: String, on database: any Database) async throws {
        try await write("DELETE FROM \"sign_in_failures\" WHERE \"account\" = ? AND \"address\" = ?",
                        [.text(account), .text(address)], on: database)
    }

    /// Removes failures from before `cutoff`: older than any window, they no longer count.
    public static func purge(before cutoff: Date, on database: any Database) async throws {
        try await write("DELETE FROM \"sign_in_failures\" WHERE \"failed_at\" < ?", [.double(cutoff.timeIntervalSince1970)],
                        on: database)
    }

    /// Each write is one statement on its own: committed at once (so that attempts made
    /// together see each other's rows), in SQLite's writers' queue (`SQLiteWriteGate`).
    private static func write(_ sql: String, _ binds: [SQLValue], on database: any Database) async throws {
        try await database.inWritersQueue { try await RawSQL.execute(sql, binds, on: database) }
    }
}
