import FluentKit
import SQLKit

/// `audit_cycles`, one row per closed cycle, and `cycle_profiles`, each programme's profile as
/// the cycle froze it (`FrozenProfile` as JSON: read whole, for the trend, never by rating).
struct CreateAuditCycles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CycleStore.cycleTable)
            .id()
            .field("name", .string, .required)
            .field("closed_at", .double, .required)
            .field("closed_by", .string, .required)
            .field("rubric_version", .string, .required)
            .field("correlation", .double)
            .unique(on: "name")
            .create()
        try await database.schema(CycleStore.profileTable)
            .id()
            .field("cycle_id", .uuid, .required, .references(CycleStore.cycleTable, "id", onDelete: .cascade))
            .field("programme", .string, .required)
            .field("centre", .string, .required)
            .field("profile", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX IF NOT EXISTS cycle_profiles_cycle ON cycle_profiles (cycle_id, centre)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CycleStore.profileTable).delete()
        try await database.schema(CycleStore.cycleTable).delete()
    }
}
