import FluentKit
import SQLKit

/// `missed_opportunities`: each programme's mothers of high need who were invited or said yes
/// and never came or dropped out, derived with its profile at every write that touches it
/// (`ProfileStore`), so that a dashboard of any size reads a few rows instead of every
/// invitation and register in its scope. (Since `KeepMissedOpportunitiesWithProfiles` they are
/// kept in the profile's row, and this table is gone.)
///
/// The profiles stored before this migration were derived without them, and kept the records
/// each rating used as JSON rather than as `StoredEvidence` keeps them: the migration removes
/// them and takes the rubric out of use, so that the next `attune serve` (or `attune audit
/// --recompute`) derives every profile again, its missed opportunities with it. Until then
/// `attune audit` derives what it shows, and says so.
struct CreateMissedOpportunities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("missed_opportunities")
            .id()
            .field("programme_id", .uuid, .required, .references(ProgrammeModel.schema, .id, onDelete: .cascade))
            .field("dyad_id", .uuid, .required, .references(DyadModel.schema, .id, onDelete: .cascade))
            // Her place in the programme's list (the order of its invitations).
            .field("position", .int, .required)
            .field("what", .string, .required)
            .field("need_summary", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX IF NOT EXISTS missed_opportunities_programme ON missed_opportunities (programme_id)").run()
        try await sql.raw("DELETE FROM \(unsafeRaw: ProfileStore.table)").run()
        try await sql.raw("DELETE FROM \(unsafeRaw: ProfileStore.rubricTable)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("missed_opportunities").delete()
    }
}
