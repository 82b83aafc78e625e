import FluentKit
import Foundation

/// Reads a web session's data from Fluent's session table (`_fluent_sessions`), and removes
/// sessions long unused. Writing stays with Fluent's session driver; reading happens on every
/// page view, where decoding a Fluent model (by reflection) cost more than the query.
public enum WebSessionStore {
    /// The session's values by name, or nil when no session has this key.
    public static func data(key: String, on database: any Database) async throws -> [String: String]? {
        // JSON text on SQLite, jsonb on PostgreSQL: the cast reads both as text.
        let rows = try await RawSQL.rows("SELECT CAST(\"data\" AS TEXT) FROM \"_fluent_sessions\" WHERE \"key\" = ?",
                                         [.text(key)], on: database) { $0.text(0) }
        guard let first = rows.first else { return nil }
        guard let json = first, let values = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else {
            throw StoredDataError.invalidValue(record: "web session", field: "data", value: "not a JSON object of texts")
        }
        return values
    }

    /// Removes the sessions not used since `cutoff`: those whose last use ("seen", seconds
    /// since 1970, written by the web layer) is earlier, and those with no such time or data
    /// that cannot be read. A session idle past the timeout is refused at its next use anyway;
    /// this stops the table keeping every session ever made.
    public static func purge(notSeenSince cutoff: Date, on database: any Database) async throws {
        // The time read as a number only where it is one: a cast of anything else fails the
        // whole statement on PostgreSQL, and malformed JSON does on SQLite. (No question mark
        // in the pattern: for PostgreSQL every one becomes a placeholder.)
        let seen = RawSQL.isSQLite(database)
            ? "CASE WHEN json_valid(CAST(\"data\" AS TEXT)) THEN CAST(COALESCE(json_extract(CAST(\"data\" AS TEXT), '$.seen'), '0') AS REAL) ELSE 0 END"
            : "CASE WHEN \"data\"->>'seen' ~ '^[0-9]+(\\.[0-9]+){0,1}$' THEN CAST(\"data\"->>'seen' AS double precision) ELSE 0 END"
        try await database.inWritersQueue {
            try await RawSQL.execute("DELETE FROM \"_fluent_sessions\" WHERE \(seen) < ?", [.double(cutoff.timeIntervalSince1970)],
                                     on: database)
        }
    }
}
