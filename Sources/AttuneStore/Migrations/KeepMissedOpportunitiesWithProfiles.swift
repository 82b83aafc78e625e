import FluentKit
import SQLKit

/// Each programme's missed opportunities are kept in its profile's row (`missed`, a JSON list,
/// and `missed_count`) instead of a row each in `missed_opportunities`: a national recompute
/// wrote 55,000 rows there, each checked against two foreign keys, which took 0.4 s of its time
/// on SQLite and 1 s on PostgreSQL (BENCHMARKS.md). They are derived with the profile and go
/// with it, so a row of their own bought nothing.
///
/// `programme_profiles` is made again rather than altered, to put the new columns before the
/// explanations and records: SQLite reads a row's columns in order, and a column after
/// 4 KB of records is reached only through the pages that hold them (the dashboard's count of
/// missed opportunities took 27 ms more with the columns added at the end). The profiles kept
/// before have no missed opportunities, so nothing is lost: the rubric is taken out of use, and
/// the next `attune serve` (or `attune audit --recompute`) derives every profile again. Until
/// then `attune audit` derives what it shows, and says so.
struct KeepMissedOpportunitiesWithProfiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProfileStore.table).delete()
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
            // Its missed opportunities: how many, and a JSON list of {dyad, what, need} in the
            // order `MissedOpportunity.list` gives them (NULL for none).
            .field("missed_count", .int, .required)
            .field("missed", .string)
            // The explanations, M1-M15, as a JSON array of texts; the records each used, as
            // `StoredEvidence` keeps them (JSON arrays laid out as the JSON audit writes them):
            // read apart, as only some readers want the records. Last: they are most of a row.
            .field("explanations", .string, .required)
            .field("evidence", .string, .required)
            .unique(on: "programme_id", "rubric_version")
            .create()
        let sql = database as! any SQLDatabase
        // The country's count of missed opportunities is summed from this index alone, without
        // touching the rows (each about 4 KB of records).
        try await sql.raw("CREATE INDEX programme_profiles_missed ON \(ident: ProfileStore.table) (missed_count)").run()
        try await sql.raw("DELETE FROM \(ident: ProfileStore.rubricTable)").run()
        try await CompressProfilesWithLZ4.set("lz4", on: database)
        try await database.schema("missed_opportunities").delete()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX IF EXISTS programme_profiles_missed").run()
        try await CreateMissedOpportunities().prepare(on: database)
        try await database.schema(ProfileStore.table).deleteField("missed").update()
        try await database.schema(ProfileStore.table).deleteField("missed_count").update()
    }
}
