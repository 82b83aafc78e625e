import FluentKit
import SQLKit

/// `excerpts`: what people said about a programme, coded to mechanisms (`Excerpt`). Its codes
/// are kept as the evidence document writes them (a JSON list of mechanism and stance): the
/// co-occurrence and triangulation are derived from whole excerpts, never queried by code.
struct CreateExcerpts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ExcerptStore.table)
            .id()
            .field("code", .string, .required)
            .field("programme_id", .uuid, .required, .references(ProgrammeModel.schema, "id", onDelete: .cascade))
            .field("source", .string, .required)
            .field("speaker_role", .string, .required)
            .field("date", .string)
            .field("text", .string, .required)
            .field("codes", .string, .required)
            .field("memo", .string)
            .field("deidentified", .bool, .required)
            .unique(on: "code")
            .create()
        // A programme's page reads its excerpts by programme.
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX IF NOT EXISTS excerpts_programme ON excerpts (programme_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ExcerptStore.table).delete()
    }
}
