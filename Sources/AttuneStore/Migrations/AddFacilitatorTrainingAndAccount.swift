import FluentKit

/// When a facilitator's course ended (`EvidenceRecords.facilitator`, `trained_on`), and the
/// Attune account she signs in with, when she has one (`FacilitatorStore`; not evidence).
struct AddFacilitatorTrainingAndAccount: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FacilitatorModel.schema).field("trained_on", .string).update()
        try await database.schema(FacilitatorModel.schema)
            .field("user_id", .uuid, .references(UserModel.schema, .id, onDelete: .setNull)).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FacilitatorModel.schema).deleteField("user_id").update()
        try await database.schema(FacilitatorModel.schema).deleteField("trained_on").update()
    }
}
