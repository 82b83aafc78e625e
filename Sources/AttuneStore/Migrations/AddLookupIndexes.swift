import FluentKit
import SQLKit

/// Indexes for the look-ups a page makes within a user's centres: neither engine indexes a
/// foreign key by itself, and the unique constraints cover only some of them (by their first
/// column). Without these, a programme page reads every attendance row in the country.
struct AddLookupIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("programmes_centre", ProgrammeModel.schema, "centre_id"),
        ("invitations_programme", InvitationModel.schema, "programme_id"),
        ("attendance_session", AttendanceModel.schema, "session_id"),
        ("session_facilitators_session", SessionFacilitatorModel.schema, "session_id"),
        ("overrides_programme", MechanismOverrideModel.schema, "programme_id"),
        ("alerts_dyad", SafeguardingAlertModel.schema, "dyad_id"),
        ("alerts_open", SafeguardingAlertModel.schema, "closed_at"),
        ("reminders_programme", ReminderModel.schema, "programme_id"),
        ("reminders_due", ReminderModel.schema, "status, due_at"),
        ("reminders_dyad", ReminderModel.schema, "dyad_id"),
        ("follow_ups_dyad", FollowUpActionModel.schema, "dyad_id"),
        ("user_centres_user", UserCentreModel.schema, "user_id"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in Self.indexes {
            try await sql.raw("CREATE INDEX IF NOT EXISTS \(unsafeRaw: index.name) ON \(unsafeRaw: index.table) (\(unsafeRaw: index.columns))").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in Self.indexes { try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: index.name)").run() }
    }
}

/// Drops `alerts_open`: with it, SQLite answered "this centre's open alerts" by walking every
/// open alert in the country (77,000 in the national benchmark) instead of looking up the
/// centre's dyads in `alerts_dyad`. Listing every open alert (an administrator) reads the
/// table instead, which is rare and still quick.
struct DropOpenAlertsIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX IF EXISTS alerts_open").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("CREATE INDEX IF NOT EXISTS alerts_open ON \(unsafeRaw: SafeguardingAlertModel.schema) (closed_at)").run()
    }
}

/// A mother's measures by her row: her page, a measure saved, corrected or deleted for her, and
/// a narrowed evidence read all ask for them. Only measures with a need signal were indexed by
/// dyad (`measurements_need_signals`), so each of these read all 780,000 measures of the
/// national benchmark (her page took 63 ms, and 27 views a second at 32 connections).
struct IndexMeasurementsByDyad: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await RawSQL.execute("CREATE INDEX IF NOT EXISTS \"measurements_dyad\" ON \"measurements\" (\"dyad_id\")", on: database)
    }

    func revert(on database: any Database) async throws {
        try await RawSQL.execute("DROP INDEX IF EXISTS \"measurements_dyad\"", on: database)
    }
}
