import AttuneCore
import FluentKit
import Foundation
import Testing
@testable import AttuneStore

/// What the writer has had acknowledged, in order.
private actor Acknowledged {
    private(set) var codes: [String] = []
    func add(_ code: String) { codes.append(code) }
}

/// Backups of a live SQLite database (issue 26): taken while someone writes, the copy passes its
/// checks and holds every write acknowledged before the backup began.
@Suite("Backups of a live SQLite database")
struct BackupTests {
    @Test("a backup taken during a write load passes integrity_check and holds every write acknowledged before it began")
    func backupWhileWriting() async throws {
        try await withTemporaryFolder { folder async throws in
            let live = folder.appendingPathComponent("live.sqlite").path, copy = folder.appendingPathComponent("backup.sqlite").path
            let acknowledged = Acknowledged()
            var before: [String] = []
            try await withTestDatabases(.sqliteFile(path: live)) { databases async throws in
                let writerDB = databases.database(logger: testLogger, on: databases.eventLoopGroup.next())!
                let backupDB = databases.database(logger: testLogger, on: databases.eventLoopGroup.next())!
                let writer = Task {
                    var number = 0
                    while !Task.isCancelled {
                        number += 1
                        try await CentreStore.add(Centre(id: "W\(number)", name: "Written \(number)"), on: writerDB)
                        await acknowledged.add("W\(number)")
                    }
                }
                while await acknowledged.codes.count < 30 { try await Task.sleep(nanoseconds: 5_000_000) }
                before = await acknowledged.codes
                try await Backup.write(backupDB, to: copy)
                writer.cancel()
                _ = try? await writer.value
                await #expect(throws: Backup.Problem.self) { try await Backup.write(backupDB, to: copy) }
            }
            try await withTestDatabases(.sqliteFile(path: copy)) { databases async throws in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                #expect(try await Backup.problems(of: db) == [])
                let stored = Set(try await CentreStore.all(on: db).map(\.centre.id))
                #expect(Set(before).isSubset(of: stored), "missing: \(Set(before).subtracting(stored).sorted())")
            }
        }
    }

    @Test("a file that is not an Attune database fails the checks")
    func notAttune() async throws {
        try await withTemporaryFolder { folder async throws in
            let path = folder.appendingPathComponent("other.sqlite").path
            try await withTestDatabases(.sqliteFile(path: path), migrate: false) { databases async throws in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                try await RawSQL.execute("CREATE TABLE \"notes\" (\"text\" TEXT)", on: db)
                #expect(try await Backup.problems(of: db) == ["it is not an Attune database (no programmes or migrations table)"])
            }
        }
    }
}
