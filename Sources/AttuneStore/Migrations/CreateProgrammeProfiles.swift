import FluentKit

/// `programme_profiles`: each programme's derived profile under a rubric version, kept up to
/// date by every write that touches the programme (`ProfileStore`); `profile_rubric`: the rubric
/// the stored profiles are derived under (one row). No row: no profile has been derived yet;
/// `ProfileStore.ensureCurrent` (as `serve`, `generate` and `import` call it) derives them all.
/// Not here: a migration runs against the tables as they stood, and the derivation reads them
/// as the current code does.
struct CreateProgrammeProfiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProfileStore.table)
            .id()
            .field("programme_id", .uuid, .required, .references(ProgrammeModel.schema, .id, onDelete: .cascade))
            .field("rubric_version", .string, .required)
            // The derived ratings M1-M15 as letters (Y, V, N, -) and the paper's total: what a
            // summary counts without reading the explanations.
            .field("ratings", .string, .required)
            .field("total", .int, .required)
            .field("held_sessions", .int, .required)
            .field("planned_sessions", .int, .required)
            // Who it enrolled and who came, by need: NULL before its first register.
            .field("enrolled", .int)
            .field("enrolled_high_need", .int)
            .field("attending", .int)
            .field("attending_high_need", .int)
            // The explanations, M1-M15, as a JSON array of texts; the records each used, as
            // `StoredEvidence` keeps them (JSON arrays laid out as the JSON audit writes them):
            // read apart, as only some readers want the records.
            .field("explanations", .string, .required)
            .field("evidence", .string, .required)
            .unique(on: "programme_id", "rubric_version")
            .create()
        try await database.schema(ProfileStore.rubricTable)
            .id()
            .field("version", .string, .required)
            .field("definition", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProfileStore.rubricTable).delete()
        try await database.schema(ProfileStore.table).delete()
    }
}
