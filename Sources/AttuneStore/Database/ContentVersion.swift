import FluentKit
import SQLKit

/// On SQLite, a number that goes up with every committed change to what pages show, and not
/// with the bookkeeping of who looked: views and sign-ins (the activity log), sessions and the
/// sign-in throttle. `CommitWatch` labels SQLite's commits with it, so a page's data kept in
/// `PageDataCache` survives people viewing pages and signing in; before, each view's entry in the
/// activity log was a commit that made every kept page be read afresh (BENCHMARKS.md).
///
/// It is kept by triggers on every other table, created when the database is opened
/// (`ensureTriggers`), so a table a later migration adds is counted without anyone having to
/// remember it, and a write from anywhere (another process, the sqlite3 shell) counts too.
/// A trigger costs about 0.2 µs a row written.
///
/// PostgreSQL has none: a single row every writer updates would make all writers wait on its
/// lock. There `CommitWatch` labels by the transaction snapshot, which any commit changes.
public enum ContentVersion {
    static let table = "content_version"
    static let triggerPrefix = "content_changed_"

    /// Tables whose writes do not change any page's data: who did what (read apart on the pages
    /// that show it, never kept), signed-in sessions, the sign-in throttle, Fluent's own.
    public static let bookkeepingTables: Set<String> = [
        "activity_log", "activity_details", "_fluent_sessions", "sign_in_failures", "_fluent_migrations", table,
    ]

    /// Creates the trigger counting writes on each table that has none yet; nothing on PostgreSQL.
    /// Run after the migrations each time the database is opened.
    static func ensureTriggers(on database: any Database) async throws {
        guard RawSQL.isSQLite(database) else { return }
        let sql = database as! any SQLDatabase
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
                let name = triggerPrefix + table + "_" + event.lowercased()
                guard !existing.contains(name) else { continue }
                try await sql.raw("""
                    CREATE TRIGGER IF NOT EXISTS \(ident: name) AFTER \(unsafeRaw: event) ON \(ident: table)
                    BEGIN UPDATE \(ident: Self.table) SET n = n + 1; END
                    """).run()
            }
        }
    }

    /// The number now, as a transaction on `database` sees it (tests; `CommitWatch` reads it on its own connection).
    public static func current(on database: any Database) async throws -> Int? {
        guard RawSQL.isSQLite(database) else { return nil }
        return try await (database as! any SQLDatabase).raw("SELECT n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
    }
}
