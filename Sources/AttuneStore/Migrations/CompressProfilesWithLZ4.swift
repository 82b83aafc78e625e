import FluentKit
import SQLKit

/// On PostgreSQL, the stored profiles' explanations and records (about 68 MB at national scale)
/// are compressed with LZ4 instead of the default pglz: a recompute's writes cost the server
/// 0.09 s of compressing in place of 0.31 s, and the JSON audit's reads decompress quicker
/// (BENCHMARKS.md). Only where the server was built with LZ4 (PostgreSQL 14 and later, as
/// Debian builds it); SQLite stores text uncompressed and has nothing to change.
struct CompressProfilesWithLZ4: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await Self.set("lz4", on: database)
    }

    func revert(on database: any Database) async throws {
        try await Self.set("pglz", on: database)
    }

    /// Sets the compression of the profiles' large columns, where PostgreSQL offers LZ4.
    static func set(_ compression: String, on database: any Database) async throws {
        guard !RawSQL.isSQLite(database), let sql = database as? any SQLDatabase else { return }
        let lz4 = try await sql.raw("""
            SELECT count(*) AS "count" FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)
            """).first(decoding: Count.self)
        guard lz4?.count == 1 else { return }
        for column in ["explanations", "evidence"] {
            try await sql.raw("ALTER TABLE \(ident: ProfileStore.table) ALTER COLUMN \(ident: column) SET COMPRESSION \(unsafeRaw: compression)").run()
        }
    }

    private struct Count: Decodable { let count: Int }
}
