import FluentKit
import SQLKit

/// The table of `ContentVersion`'s number, with its one row (SQLite only; nothing on PostgreSQL).
/// Its triggers are made each time the database is opened (`ContentVersion.ensureTriggers`).
struct CreateContentVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard RawSQL.isSQLite(database) else { return }
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE TABLE \(ident: ContentVersion.table) (n INTEGER NOT NULL)").run()
        try await sql.raw("INSERT INTO \(ident: ContentVersion.table) (n) VALUES (0)").run()
    }

    func revert(on database: any Database) async throws {
        guard RawSQL.isSQLite(database) else { return }
        let sql = database as! any SQLDatabase
        let triggers = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'content\\_changed\\_%' ESCAPE '\\'")
            .all().map { try $0.decode(column: "name", as: String.self) }
        for trigger in triggers { try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger)").run() }
        try await sql.raw("DROP TABLE IF EXISTS \(ident: ContentVersion.table)").run()
    }
}
