import FluentKit

struct CreateProgrammes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProgrammeModel.schema)
            .id()
            .field("centre_id", .uuid, .required, .references(CentreModel.schema, .id, onDelete: .restrict))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("planned_sessions", .int, .required)
            .field("session_minutes", .int)
            .field("start_date", .string)
            .field("end_date", .string)
            .field("reconstructed", .bool, .required, .sql(.default(false)))
            .field("published_total", .int)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProgrammeModel.schema).delete()
    }
}
