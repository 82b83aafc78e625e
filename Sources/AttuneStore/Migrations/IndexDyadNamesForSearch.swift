import FluentKit
import SQLKit

/// An index of mothers' and babies' names by their three-letter pieces (trigrams), so finding a
/// mother by any part of a name (`DyadStore.search`) reads the index, not every name in the
/// country: a `LIKE '%ash%'` can use no ordinary index, and read 120,000 names on each search of
/// an administrator (BENCHMARKS.md).
///
/// - SQLite: an FTS5 table with the `trigram` tokenizer, contentless (it keeps no copy of the
///   names, only its index of them). It is keyed by a number of its own per dyad
///   (`dyad_name_keys`), as the dyads table has no integer key that a VACUUM leaves alone.
///   Triggers keep both in step with every write to the dyads' names, removing a name with
///   FTS5's `delete` command and its old values. Only what SQLite 3.34 has is used (not
///   `contentless_delete` nor `secure-delete`, 3.43 and 3.42), so the file stays writable by the
///   sqlite3 shell and Python of Debian 12 (3.40). A removed name's pieces stay in the index's
///   older segments until they are merged, so an erasure merges them at once (`purge`).
/// - PostgreSQL: `pg_trgm`'s GIN indexes on the lower-cased names, which the search's
///   `LOWER(...) LIKE` uses. Where the database's role may not add the extension, the migration
///   says so in the server's log and searches read every name, as before.
struct IndexDyadNamesForSearch: AsyncMigration {
    static let index = "dyad_name_index"
    static let keys = "dyad_name_keys"

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if RawSQL.isSQLite(database) {
            for statement in Self.sqliteStatements { try await sql.raw(SQLQueryString(statement)).run() }
        } else {
            try await sql.raw("""
                DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm;
                EXCEPTION WHEN OTHERS THEN RAISE WARNING 'pg_trgm could not be added (%): finding a mother by name reads every name', SQLERRM;
                END $$
                """).run()
            try await sql.raw("""
                DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
                CREATE INDEX IF NOT EXISTS dyads_mother_name_trigrams ON dyads USING gin (LOWER(mother_name) gin_trgm_ops);
                CREATE INDEX IF NOT EXISTS dyads_infant_name_trigrams ON dyads USING gin (LOWER(infant_name) gin_trgm_ops);
                END IF; END $$
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if RawSQL.isSQLite(database) {
            for trigger in ["dyad_names_insert", "dyad_names_update", "dyad_names_delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger)").run()
            }
            try await sql.raw("DROP TABLE IF EXISTS \(ident: Self.index)").run()
            try await sql.raw("DROP TABLE IF EXISTS \(ident: Self.keys)").run()
        } else {
            try await sql.raw("DROP INDEX IF EXISTS dyads_mother_name_trigrams").run()
            try await sql.raw("DROP INDEX IF EXISTS dyads_infant_name_trigrams").run()
        }
    }

    /// A dyad is in the index while she has a name or her baby has.
    private static let named = "(new.mother_name IS NOT NULL OR new.infant_name IS NOT NULL)"
    private static let removeOld = """
        INSERT INTO \(index) (\(index), rowid, mother_name, infant_name)
            SELECT 'delete', id, old.mother_name, old.infant_name FROM \(keys) WHERE code = old.code;
        DELETE FROM \(keys) WHERE code = old.code;
        """
    private static let addNew = """
        INSERT INTO \(keys) (code) SELECT new.code WHERE \(named);
        INSERT INTO \(index) (rowid, mother_name, infant_name)
            SELECT id, new.mother_name, new.infant_name FROM \(keys) WHERE code = new.code AND \(named);
        """

    static let sqliteStatements = [
        "CREATE TABLE \(keys) (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE)",
        "CREATE VIRTUAL TABLE \(index) USING fts5(mother_name, infant_name, content='', tokenize='trigram')",
        "INSERT INTO \(keys) (code) SELECT code FROM dyads WHERE mother_name IS NOT NULL OR infant_name IS NOT NULL",
        """
        INSERT INTO \(index) (rowid, mother_name, infant_name)
            SELECT k.id, d.mother_name, d.infant_name FROM \(keys) AS k JOIN dyads AS d ON d.code = k.code
        """,
        "CREATE TRIGGER dyad_names_insert AFTER INSERT ON dyads BEGIN \(addNew) END",
        "CREATE TRIGGER dyad_names_update AFTER UPDATE OF code, mother_name, infant_name ON dyads BEGIN \(removeOld) \(addNew) END",
        "CREATE TRIGGER dyad_names_delete AFTER DELETE ON dyads BEGIN \(removeOld) END",
    ]

    /// Merges the index of names into one segment, which leaves out every name removed from it:
    /// after an erasure, no piece of her name is left in the index (SQLite; nothing on PostgreSQL,
    /// whose index entries go with the row versions VACUUM removes).
    static func purge(on database: any Database) async throws {
        guard RawSQL.isSQLite(database) else { return }
        try await (database as! any SQLDatabase).raw("INSERT INTO \(ident: index) (\(ident: index)) VALUES ('optimize')").run()
    }
}
