import Foundation
import Testing

/// `attune backup` and `attune restore` (issue 26): a copy restored is a working database; an
/// existing file is never overwritten by accident, and a file that is not a backup is refused.
@Suite("attune backup, restore and subject-access")
struct BackupCommandTests {
    @Test("backup, then restore to a new file that serves the same users; refusals exit 2 and leave files as they were")
    func backupAndRestore() async throws {
        try await withTemporaryFolder { folder async throws in
            let created = try await AttuneProcess.run(["users", "create", "--role", "admin", "--username", "site-admin", "--name", "Admin",
                                                 "--generate-password"], in: folder)
            #expect(created.exitCode == 0)
            let backup = try await AttuneProcess.run(["backup", "--output", "copy.sqlite"], in: folder)
            #expect(backup.exitCode == 0, "\(backup.stderr)")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("copy.sqlite").path))
            let again = try await AttuneProcess.run(["backup", "--output", "copy.sqlite"], in: folder)
            #expect(again.exitCode == 2 && again.stderr.contains("exists already"))

            let restored = try await AttuneProcess.run(["restore", "copy.sqlite", "--database", "restored.sqlite"], in: folder)
            #expect(restored.exitCode == 0, "\(restored.stderr)")
            // The restored database holds the user: she cannot be created again there.
            let taken = try await AttuneProcess.run(["users", "create", "--role", "admin", "--username", "site-admin", "--name", "X",
                                               "--generate-password", "--database", "restored.sqlite"], in: folder)
            #expect(taken.exitCode == 2)
            let over = try await AttuneProcess.run(["restore", "copy.sqlite", "--database", "restored.sqlite"], in: folder)
            #expect(over.exitCode == 2 && over.stderr.contains("give --replace"))
            #expect(try await AttuneProcess.run(["restore", "copy.sqlite", "--database", "restored.sqlite", "--replace"], in: folder).exitCode == 0)

            try Data("not a database\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
            let notBackup = try await AttuneProcess.run(["restore", "notes.txt", "--database", "other.sqlite"], in: folder)
            #expect(notBackup.exitCode != 0)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("other.sqlite").path))
        }
    }

    @Test("subject-access refuses an unknown mother and an existing output file, in one line with exit 2, writing nothing")
    func subjectAccessRefusals() async throws {
        try await withTemporaryFolder { folder async throws in
            _ = try await AttuneProcess.run(["users", "create", "--role", "admin", "--username", "site-admin", "--name", "Admin", "--generate-password"], in: folder)
            let unknown = try await AttuneProcess.run(["subject-access", "--dyad", "NOBODY", "--output", "her.json"], in: folder)
            #expect(unknown.exitCode == 2 && unknown.stderr.contains("no mother and baby have the code NOBODY"))
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("her.json").path))
            try Data("{}".utf8).write(to: folder.appendingPathComponent("her.json"))
            let exists = try await AttuneProcess.run(["subject-access", "--dyad", "NOBODY", "--output", "her.json"], in: folder)
            #expect(exists.exitCode == 2 && exists.stderr.contains("exists already"))
        }
    }
}
