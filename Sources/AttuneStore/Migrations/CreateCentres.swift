import FluentKit

struct CreateCentres: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CentreModel.schema)
            .id()
            .field("name", .string, .required)
            .field("deprivation_decile", .int)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CentreModel.schema).delete()
    }
}
