import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// `attune backup`: a consistent copy of a live SQLite database, taken while the server writes.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy an SQLite database consistently, even while the server is writing (VACUUM INTO, never a file copy).",
        discussion: "PostgreSQL is backed up with pg_dump. Restore a copy with `attune restore`.")

    @Option(help: ArgumentHelp("The new file to write; an existing file is never overwritten.", valueName: "file"))
    var output: String

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let output = URL(fileURLWithPath: self.output).standardizedFileURL.path
        try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.backup")) { db in
            // Recorded first, so the backup holds its own entry.
            try await ActivityLog.record(.export, summary: "Backup written to \(output)", on: db)
            try await Backup.write(db, to: output)
        }
        print("Backed up to \(output). Restore it with `attune restore \(output) --database FILE`.")
    }
}

/// `attune restore`: checks a backup and puts it in place as a database.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Check a backup (integrity, references, Attune's tables) and restore it as the database.",
        discussion: "Stop the server first. An existing database is replaced only with --replace.")

    @Argument(help: ArgumentHelp("The backup written by `attune backup`.", valueName: "file"))
    var backup: String

    @Flag(help: "Replace the database if it exists.") var replace = false

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        guard case .sqliteFile(let target) = try databaseOptions.location() else {
            throw Backup.Problem("restore writes an SQLite database; restore PostgreSQL with pg_restore (see README)")
        }
        guard FileManager.default.fileExists(atPath: backup) else { throw Backup.Problem("there is no backup at \(backup)") }
        if FileManager.default.fileExists(atPath: target) && !replace {
            throw Backup.Problem("\(target) exists; stop the server and give --replace to replace it, or restore to a new file")
        }
        // Checked as a copy beside the target, brought up to this version's schema, then moved
        // into place: a backup that fails its checks leaves the target as it was.
        let staging = target + ".restoring-\(UUID().uuidString.prefix(8))"
        try FileManager.default.copyItem(atPath: backup, toPath: staging)
        do {
            let problems = try await StoreSession.with(.sqliteFile(path: staging), mustExist: true, logger: Logger(label: "attune.restore")) { db in
                try await Backup.problems(of: db)
            }
            guard problems.isEmpty else { throw Backup.Problem("the backup fails its checks: " + problems.joined(separator: "; ")) }
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
            // rename(2) puts it in place in one step, replacing any file there.
            guard rename(staging, target) == 0 else {
                throw Backup.Problem("could not put the restored database at \(target): \(String(cString: strerror(errno)))")
            }
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
            throw error
        }
        print("Restored \(backup) to \(target): integrity, references and Attune's tables checked.")
    }
}
