import FluentKit
import SQLKit

/// A count of committed changes to what pages show, which the bookkeeping of who looked does not
/// move: views and sign-ins (the activity log), sessions and the sign-in throttle. `CommitWatch`
/// labels commits with it, so a page's data kept in `PageDataCache` survives people viewing pages
/// and signing in; before, each view's entry in the activity log was a commit that made every
/// kept page be read afresh (BENCHMARKS.md).
///
/// It is kept by triggers on every other table, created each time the database is opened
/// (`ensureTriggers`), so a table a later migration adds is counted without anyone having to
/// remember it, and a write from anywhere (another process or server, the sqlite3 shell, psql)
/// counts too.
///
/// - SQLite: one number, which a trigger on each table adds one to for each row written (about
///   0.2 µs a row). SQLite's writers take turns, so the one row costs no one a wait.
/// - PostgreSQL: a number per server process (`pg_backend_pid()`), which a statement trigger
///   adds one to, once per transaction: a single row every writer updated would make all of them
///   wait on its lock until they commit, and a sequence is not transactional (a reader could take
///   its new value before the writer's rows are visible). The label is their sum, which each
///   commit that changes what pages show adds one to. The numbers of processes that have ended
///   are added into one row (backend 0) each time the database is opened, keeping the sum, so
///   the rows stay as few as the processes.
public enum ContentVersion {
    static let table = "content_version"
    static let sqliteTriggerPrefix = "content_changed_"
    static let postgresTrigger = "content_changed"
    static let postgresFunction = "attune_content_changed"

    /// Tables whose writes do not change any page's data: who did what (read apart on the pages
    /// that show it, never kept), signed-in sessions, the sign-in throttle, Fluent's own.
    public static let bookkeepingTables: Set<String> = [
        "activity_log", "activity_details", "_fluent_sessions", "sign_in_failures", "_fluent_migrations", table,
    ]

    /// The statement that reads the label, on `database`'s engine.
    static func labelQuery(postgres: Bool) -> String {
        postgres
            ? "SELECT COALESCE(sum(\"n\"), 0)::text FROM \"\(table)\""
            : "SELECT \"n\" FROM \"\(table)\""
    }

    /// Creates the trigger counting writes on each table that has none yet.
    /// Run after the migrations each time the database is opened.
    static func ensureTriggers(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard RawSQL.isSQLite(database) else {
            let tables = try await sql.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").all()
                .map { try $0.decode(column: "tablename", as: String.self) }
            let existing = Set(try await sql.raw("""
                SELECT c.relname FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid WHERE t.tgname = \(bind: postgresTrigger)
                """).all().map { try $0.decode(column: "relname", as: String.self) })
            for table in tables where !bookkeepingTables.contains(table) && !existing.contains(table) {
                try await sql.raw("""
                    CREATE TRIGGER \(ident: postgresTrigger) AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(ident: table)
                    FOR EACH STATEMENT EXECUTE FUNCTION \(ident: postgresFunction)()
                    """).run()
            }
            try await foldEndedProcesses(on: database)
            return
        }
        let tables = try await sql.raw("""
            SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            """).all().map { (name: try $0.decode(column: "name", as: String.self), sql: try $0.decode(column: "sql", as: String?.self) ?? "") }
        // A virtual table (the index of names) takes no triggers, nor do the tables it keeps
        // itself in; they are written only by triggers on a table that has its own.
        let virtual = tables.filter { $0.sql.uppercased().hasPrefix("CREATE VIRTUAL TABLE") }.map(\.name)
        let counted = tables.map(\.name).filter { table in !virtual.contains { table == $0 || table.hasPrefix($0 + "_") } }
        let existing = Set(try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()
            .map { try $0.decode(column: "name", as: String.self) })
        for table in counted where !bookkeepingTables.contains(table) {
            for event in ["INSERT", "UPDATE", "DELETE"] {
                let name = sqliteTriggerPrefix + table + "_" + event.lowercased()
                guard !existing.contains(name) else { continue }
                try await sql.raw("""
                    CREATE TRIGGER IF NOT EXISTS \(ident: name) AFTER \(unsafeRaw: event) ON \(ident: table)
                    BEGIN UPDATE \(ident: Self.table) SET n = n + 1; END
                    """).run()
            }
        }
    }

    /// On PostgreSQL, adds the numbers of server processes that have ended into backend 0's, in
    /// one statement, so the sum (the label) is what it was.
    static func foldEndedProcesses(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("""
            WITH ended AS (DELETE FROM \(ident: table) WHERE backend <> 0 AND backend NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL)
                           RETURNING n)
            INSERT INTO \(ident: table) (backend, n) SELECT 0, COALESCE(sum(n), 0) FROM ended
            ON CONFLICT (backend) DO UPDATE SET n = \(ident: table).n + excluded.n
            """).run()
    }

    /// The tables that have the trigger (tests).
    static func tablesCounted(on database: any Database) async throws -> Set<String> {
        let sql = database as! any SQLDatabase
        if RawSQL.isSQLite(database) {
            return Set(try await sql.raw("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'content\\_changed\\_%' ESCAPE '\\'")
                .all().map { try $0.decode(column: "tbl_name", as: String.self) })
        }
        return Set(try await sql.raw("""
            SELECT c.relname FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid WHERE t.tgname = \(bind: postgresTrigger)
            """).all().map { try $0.decode(column: "relname", as: String.self) })
    }
}
