import FluentKit
import Foundation
import SQLKit

/// A stage may be measured more than once (a repeat screen, `MeasurementValidator`): the
/// measurements table loses its one-per-dyad-instrument-and-stage constraint. PostgreSQL drops
/// it. SQLite cannot drop a table's constraint, so the table is made again without it (its
/// rows, indexes and references kept) with foreign keys off on the migration's one connection,
/// as SQLite's documentation describes; the alerts that refer to measures are left untouched.
struct AllowRepeatedMeasures: AsyncMigration {
    static let columns = #"UNIQUE ("dyad_id", "instrument", "timepoint")"#

    func prepare(on database: any Database) async throws {
        guard RawSQL.isSQLite(database) else {
            let names = try await RawSQL.rows("""
                SELECT "conname" FROM "pg_constraint" WHERE "conrelid" = 'measurements'::regclass AND "contype" = 'u' \
                AND "conname" LIKE 'uq:measurements.dyad_id%'
                """, on: database) { $0.text(0) ?? "" }
            for name in names { try await RawSQL.execute("ALTER TABLE \"measurements\" DROP CONSTRAINT \(RawSQL.quoted(name))", on: database) }
            return
        }
        try await database.withConnection { db in
            let table = try await RawSQL.rows("SELECT \"sql\" FROM \"sqlite_master\" WHERE \"type\" = 'table' AND \"name\" = 'measurements'", on: db) {
                $0.text(0) ?? ""
            }.first ?? ""
            let constraint = try Regex(#", CONSTRAINT "[^"]*" "# + NSRegularExpression.escapedPattern(for: Self.columns))
            guard table.contains(constraint) else { return }
            let indexes = try await RawSQL.rows("SELECT \"sql\" FROM \"sqlite_master\" WHERE \"type\" = 'index' AND \"tbl_name\" = 'measurements' AND \"sql\" IS NOT NULL",
                                                on: db) { $0.text(0) ?? "" }
            let remade = table.replacing(constraint, with: "")
                .replacingOccurrences(of: "CREATE TABLE \"measurements\"", with: "CREATE TABLE \"measurements_remade\"")
            try await RawSQL.execute("PRAGMA foreign_keys = OFF", on: db)
            do {
                try await RawSQL.execute("BEGIN", on: db)
                try await RawSQL.execute(remade, on: db)
                try await RawSQL.execute("INSERT INTO \"measurements_remade\" SELECT * FROM \"measurements\"", on: db)
                try await RawSQL.execute("DROP TABLE \"measurements\"", on: db)
                try await RawSQL.execute("ALTER TABLE \"measurements_remade\" RENAME TO \"measurements\"", on: db)
                for index in indexes { try await RawSQL.execute(index, on: db) }
                try await RawSQL.execute("COMMIT", on: db)
            } catch {
                try? await RawSQL.execute("ROLLBACK", on: db)
                try? await RawSQL.execute("PRAGMA foreign_keys = ON", on: db)
                throw error
            }
            try await RawSQL.execute("PRAGMA foreign_keys = ON", on: db)
        }
    }

    /// The constraint again (as a unique index on SQLite); refused while a stage is measured twice.
    func revert(on database: any Database) async throws {
        if RawSQL.isSQLite(database) {
            try await RawSQL.execute("CREATE UNIQUE INDEX \"measurements_one_per_stage\" ON \"measurements\" (\"dyad_id\", \"instrument\", \"timepoint\")",
                                     on: database)
        } else {
            try await RawSQL.execute("ALTER TABLE \"measurements\" ADD CONSTRAINT \"uq:measurements.dyad_id+measurements.instrument+measurements.timepoint\" "
                                     + Self.columns, on: database)
        }
    }
}
