import FluentKit
import Foundation

/// Reads a web session's data from Fluent's session table (`_fluent_sessions`). Writing stays
/// with Fluent's session driver; reading happens on every page view, where decoding a Fluent
/// model (by reflection) cost more than the query.
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
}
