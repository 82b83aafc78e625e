import FluentKit
import SQLKit

/// What a correction changed (`ChangeStore`): one row per field, with its old and new value in
/// words, the reason given, who and when. Kept for good; nothing updates or removes a row.
struct CreateRecordChanges: AsyncMigration {
    static let schema = "record_changes"

    func prepare(on database: any Database) async throws {
        try await database.schema(Self.schema)
            .id()
            .field("kind", .string, .required)
            .field("code", .string, .required)
            .field("programme", .string)
            .field("field", .string, .required)
            .field("label", .string, .required)
            .field("old_value", .string, .required)
            .field("new_value", .string, .required)
            .field("reason", .string, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .double, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "record_changes_by_record").on(Self.schema).column("kind").column("code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Self.schema).delete()
    }
}
