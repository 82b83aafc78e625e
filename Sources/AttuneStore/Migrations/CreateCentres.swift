import FluentKit

struct CreateCentres: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CentreModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("deprivation_decile", .int)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CentreModel.schema).delete()
    }
}
