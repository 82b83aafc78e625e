import FluentKit

/// A centre's area (`EvidenceRecords.centre`'s `area`), asked for when an administrator adds a
/// centre: NULL for the centres stored before.
struct AddCentreArea: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CentreModel.schema).field("area", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CentreModel.schema).deleteField("area").update()
    }
}
