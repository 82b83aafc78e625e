import AttuneCore
import FluentKit
import Foundation

/// Backups of an SQLite database taken while it is in use, and their checks (issue 26).
/// PostgreSQL is backed up with its own tools (`pg_dump`), as README says.
public enum Backup {
    public struct Problem: InputError {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Writes a consistent copy of the SQLite database `db` to a new file `output` with
    /// `VACUUM INTO`: one read transaction, so a copy of the database as it was when it began,
    /// whatever is written meanwhile (never a copy of the file, which could catch a write half
    /// done or miss the write-ahead log). Refuses PostgreSQL and an existing file.
    public static func write(_ db: any Database, to output: String) async throws {
        guard RawSQL.isSQLite(db) else {
            throw Problem("backup copies an SQLite database; back up PostgreSQL with pg_dump (see README)")
        }
        guard !FileManager.default.fileExists(atPath: output) else {
            throw Problem("\(output) exists already; give a new file, so that no backup is ever overwritten")
        }
        try await RawSQL.execute("VACUUM INTO ?", [.text(output)], on: db)
    }

    /// What is wrong with the backup `db` is, if anything: SQLite's `integrity_check` and
    /// `foreign_key_check`, and Attune's tables present (its migrations' record).
    public static func problems(of db: any Database) async throws -> [String] {
        var problems = try await RawSQL.rows("PRAGMA integrity_check", on: db) { $0.text(0) ?? "" }.filter { $0 != "ok" }
        let dangling = try await RawSQL.rows("PRAGMA foreign_key_check", on: db) { $0.text(0) ?? "" }
        if !dangling.isEmpty { problems.append("\(dangling.count) rows refer to rows that are not there (foreign_key_check)") }
        let tables = try await RawSQL.rows("SELECT \"name\" FROM \"sqlite_master\" WHERE \"type\" = 'table' AND \"name\" IN ('_fluent_migrations', 'programmes')",
                                           on: db) { $0.text(0) ?? "" }
        if tables.count < 2 { problems.append("it is not an Attune database (no programmes or migrations table)") }
        if problems.isEmpty, let broken = try await ActivityChain.verify(on: db).problem {
            problems.append("its activity log is not whole: \(broken)")
        }
        return problems
    }
}
