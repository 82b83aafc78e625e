import FluentKit
import SQLKit

/// The table of `ContentVersion`'s count, and on PostgreSQL the function its statement triggers
/// run. The triggers themselves are made each time the database is opened
/// (`ContentVersion.ensureTriggers`), for every table that has none.
struct CreateContentVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let table = ContentVersion.table
        if RawSQL.isSQLite(database) {
            try await sql.raw("CREATE TABLE \(ident: table) (n INTEGER NOT NULL)").run()
            try await sql.raw("INSERT INTO \(ident: table) (n) VALUES (0)").run()
            return
        }
        try await sql.raw("CREATE TABLE \(ident: table) (backend integer PRIMARY KEY, n bigint NOT NULL)").run()
        // Once per transaction: the first statement that writes marks it (a setting local to the
        // transaction, undone with a savepoint rolled back, as the count is) and counts it.
        try await sql.raw("""
            CREATE OR REPLACE FUNCTION \(ident: ContentVersion.postgresFunction)() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF current_setting('attune.content_changed', true) IS DISTINCT FROM 'yes' THEN
                PERFORM set_config('attune.content_changed', 'yes', true);
                INSERT INTO \(unsafeRaw: table) (backend, n) VALUES (pg_backend_pid(), 1)
                  ON CONFLICT (backend) DO UPDATE SET n = \(unsafeRaw: table).n + 1;
              END IF;
              RETURN NULL;
            END $$
            """).run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for table in try await ContentVersion.tablesCounted(on: database) {
            if RawSQL.isSQLite(database) {
                for event in ["insert", "update", "delete"] {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(ident: ContentVersion.sqliteTriggerPrefix + table + "_" + event)").run()
                }
            } else {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: ContentVersion.postgresTrigger) ON \(ident: table)").run()
            }
        }
        try await sql.raw("DROP TABLE IF EXISTS \(ident: ContentVersion.table)").run()
        if !RawSQL.isSQLite(database) { try await sql.raw("DROP FUNCTION IF EXISTS \(ident: ContentVersion.postgresFunction)()").run() }
    }
}
