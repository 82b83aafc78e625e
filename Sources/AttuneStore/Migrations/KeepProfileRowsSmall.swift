import FluentKit
import SQLKit

/// On PostgreSQL, a stored profile's explanations and records always go to the table's TOAST
/// storage, leaving rows of about 200 bytes: once LZ4 compressed the records under PostgreSQL's
/// usual 2 KB threshold they stayed in the rows, and reading one small column of every profile
/// (the dashboard's count of missed opportunities, the first hundred of them) read 25 MB, and
/// 253 MB after a few recomputes' dead rows (35-46 ms a query, against 1-9 ms now; BENCHMARKS.md).
/// SQLite reads a row's columns in order and keeps the large ones last
/// (`KeepMissedOpportunitiesWithProfiles`).
struct KeepProfileRowsSmall: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard !RawSQL.isSQLite(database), let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE \(ident: ProfileStore.table) SET (toast_tuple_target = 128)").run()
    }

    func revert(on database: any Database) async throws {
        guard !RawSQL.isSQLite(database), let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE \(ident: ProfileStore.table) RESET (toast_tuple_target)").run()
    }
}
