import FluentKit

/// A session's `planned` mark (`EvidenceRecords.session`): true while it is on the calendar and
/// not yet held. Every session stored before is a held one (NULL, read as false).
struct AddSessionPlanned: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SessionModel.schema).field("planned", .bool).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SessionModel.schema).deleteField("planned").update()
    }
}
