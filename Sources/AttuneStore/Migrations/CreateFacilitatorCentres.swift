import FluentKit

/// The centres a facilitator works in, as an administrator assigns them (`FacilitatorStore`):
/// she is offered on those centres' session logs from the day she is added, before she has led,
/// attended or invited for any of their programmes.
struct CreateFacilitatorCentres: AsyncMigration {
    static let schema = "facilitator_centres"

    func prepare(on database: any Database) async throws {
        try await database.schema(Self.schema)
            .id()
            .field("facilitator_id", .uuid, .required, .references(FacilitatorModel.schema, .id, onDelete: .cascade))
            .field("centre_id", .uuid, .required, .references(CentreModel.schema, .id, onDelete: .cascade))
            .unique(on: "facilitator_id", "centre_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Self.schema).delete()
    }
}
