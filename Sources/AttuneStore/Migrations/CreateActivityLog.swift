import AttuneCore
import FluentKit
import Foundation
import SQLKit

/// The activity log (`ActivityLog`) and its details, made append-only on each engine; the
/// corrections kept so far in `record_changes` move into it, in their order, and that table goes:
/// the log is the one history of changes.
struct CreateActivityLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let sqlite = RawSQL.isSQLite(database)
        // Seconds since 1970 as a double, as every other instant in Attune's own tables.
        let columns = """
            "at" DOUBLE PRECISION NOT NULL, "actor" TEXT NOT NULL, "address" TEXT, "action" TEXT NOT NULL, "record_kind" TEXT, \
            "record_code" TEXT, "dyad" TEXT, "programme" TEXT, "summary" TEXT NOT NULL, "details_digest" TEXT, "previous_hash" TEXT, "hash" TEXT
            """
        let id = sqlite ? "\"id\" INTEGER PRIMARY KEY AUTOINCREMENT" : "\"id\" BIGSERIAL PRIMARY KEY"
        try await sql.raw("CREATE TABLE \"activity_log\" (\(unsafeRaw: id), \(unsafeRaw: columns))").run()
        try await sql.raw("""
            CREATE TABLE "activity_details" ("entry" BIGINT PRIMARY KEY REFERENCES "activity_log" ("id"), "salt" TEXT NOT NULL, "details" TEXT NOT NULL)
            """).run()
        try await sql.raw("CREATE INDEX \"activity_log_by_dyad\" ON \"activity_log\" (\"dyad\", \"id\")").run()
        try await sql.raw("CREATE INDEX \"activity_log_by_actor\" ON \"activity_log\" (\"actor\", \"id\")").run()
        try await sql.raw("CREATE INDEX \"activity_log_by_record\" ON \"activity_log\" (\"record_kind\", \"record_code\", \"id\")").run()
        if sqlite {
            for event in ["UPDATE", "DELETE"] {
                try await sql.raw("""
                    CREATE TRIGGER "activity_log_no_\(unsafeRaw: event.lowercased())" BEFORE \(unsafeRaw: event) ON "activity_log" \
                    BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END
                    """).run()
            }
        } else {
            try await sql.raw("""
                CREATE FUNCTION "attune_activity_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ \
                BEGIN RAISE EXCEPTION 'the activity log is append-only'; END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER "activity_log_append_only" BEFORE UPDATE OR DELETE ON "activity_log" \
                FOR EACH ROW EXECUTE FUNCTION "attune_activity_log_append_only"()
                """).run()
            try await sql.raw("""
                CREATE TRIGGER "activity_log_no_truncate" BEFORE TRUNCATE ON "activity_log" \
                FOR EACH STATEMENT EXECUTE FUNCTION "attune_activity_log_append_only"()
                """).run()
            // The application's own role may add entries but not change or remove them. (A
            // superuser is not bound by rights; the triggers still refuse.)
            try await sql.raw("REVOKE UPDATE, DELETE, TRUNCATE ON \"activity_log\" FROM CURRENT_USER").run()
        }
        try await moveCorrections(on: database)
    }

    /// Each correction kept before the log existed becomes one entry per record and moment, its
    /// fields as the entry's details; a mother's attendance in a session's log an entry of its
    /// own naming her, as `SessionLogStore.keepCorrection` writes them now.
    private func moveCorrections(on database: any Database) async throws {
        struct Kept {
            let kind: String, code: String, programme: String?, reason: String, by: String, at: Double
            var changes: [RecordChange]
            var dyad: String? { changes.first.flatMap { $0.field.hasPrefix("attendance.") ? String($0.field.dropFirst("attendance.".count)) : nil } }
        }
        let rows = try await RawSQL.rows("""
            SELECT "kind", "code", "programme", "field", "label", "old_value", "new_value", "reason", "changed_by", "changed_at" \
            FROM "record_changes" ORDER BY "changed_at", "kind", "code", "field"
            """, on: database) { row in
            Kept(kind: row.text(0) ?? "", code: row.text(1) ?? "", programme: row.text(2), reason: row.text(7) ?? "", by: row.text(8) ?? "",
                 at: row.double(9) ?? 0, changes: [RecordChange(field: row.text(3) ?? "", label: row.text(4) ?? "", old: row.text(5) ?? "", new: row.text(6) ?? "")])
        }
        var grouped: [Kept] = []
        for row in rows {
            if let last = grouped.last, last.kind == row.kind, last.code == row.code, last.at == row.at, last.by == row.by,
               last.dyad == nil, row.dyad == nil {
                grouped[grouped.count - 1].changes += row.changes
            } else {
                grouped.append(row)
            }
        }
        for kept in grouped {
            try await ActivityLog.append(ChangeStore.entry(kind: kept.kind, code: kept.code, programme: kept.programme, dyad: kept.dyad, changes: kept.changes,
                                                            reason: kept.reason, by: kept.by, address: nil, at: Date(timeIntervalSince1970: kept.at)),
                                         on: database)
        }
        try await database.schema(CreateRecordChanges.schema).delete()
    }

    func revert(on database: any Database) async throws {
        try await CreateRecordChanges().prepare(on: database)
        try await database.schema("activity_details").delete()
        try await database.schema("activity_log").delete()
        if !RawSQL.isSQLite(database) {
            try await (database as! any SQLDatabase).raw("DROP FUNCTION IF EXISTS \"attune_activity_log_append_only\"()").run()
        }
    }
}
