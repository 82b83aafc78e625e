import FluentKit

/// Why a session was cancelled (`EvidenceRecords.session`, `cancelled_reason`), said when a
/// planned session is cancelled from its programme's page.
struct AddSessionCancelledReason: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SessionModel.schema).field("cancelled_reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SessionModel.schema).deleteField("cancelled_reason").update()
    }
}
