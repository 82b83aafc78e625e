import AttuneStore
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite("SQLite opened safely")
struct SQLiteSafetyTests {
    @Test("every connection runs WAL, synchronous=FULL, foreign keys on and a busy timeout")
    func pragmas() async throws {
        try await withTemporaryFolder { folder async throws in
            let path = folder.appendingPathComponent("attune.sqlite").path
            try await withTestDatabases(.sqliteFile(path: path)) { databases async throws in
                let settings = try await SQLitePragmas.current(in: databases, logger: testLogger)
                #expect(settings.count == 2) // one connection per event loop, both checked
                for connection in settings {
                    #expect(connection.journalMode == "wal")
                    #expect(connection.synchronous == 2) // FULL
                    #expect(connection.foreignKeys == 1)
                    #expect(connection.busyTimeout >= 1_000)
                }
            }
            // WAL is a property of the file: a new process opening it finds it still on.
            try await withTestDatabases(.sqliteFile(path: path), migrate: false) { databases async throws in
                let sql = try #require(databases.database(logger: testLogger, on: databases.eventLoopGroup.any()) as? any SQLDatabase)
                let row = try #require(try await sql.raw("PRAGMA journal_mode").first())
                #expect(try row.decode(column: "journal_mode", as: String.self).lowercased() == "wal")
            }
        }
    }

    @Test("a programme pointing at a centre that does not exist is refused")
    func foreignKeysEnforced() async throws {
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            let orphan = ProgrammeModel(centreID: UUID(), code: "Z9", name: "Orphan", plannedSessions: 4)
            await #expect(throws: (any Error).self) { try await orphan.create(on: db) }
            #expect(try await ProgrammeModel.query(on: db).count() == 0)
        }
    }

    @Test("concurrent writers on different connections all succeed (no 'database is locked')")
    func concurrentWrites() async throws {
        try await withTemporaryFolder { folder async throws in
            let path = folder.appendingPathComponent("attune.sqlite").path
            try await withTestDatabases(.sqliteFile(path: path)) { databases async throws in
                let loops = Array(databases.eventLoopGroup.makeIterator())
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<60 {
                        let db = databases.database(logger: testLogger, on: loops[index % loops.count])!
                        group.addTask { try await CentreModel(code: "C\(index)", name: "Centre \(index)").create(on: db) }
                    }
                    try await group.waitForAll()
                }
                let db = databases.database(logger: testLogger, on: loops[0])!
                #expect(try await CentreModel.query(on: db).count() == 60)
            }
        }
    }
}

@Suite("Migrations")
struct MigrationTests {
    @Test("running the migrations twice is safe and changes nothing the second time")
    func twice() async throws {
        try await withTemporaryFolder { folder async throws in
            let path = folder.appendingPathComponent("attune.sqlite").path
            try await withTestDatabases(.sqliteFile(path: path)) { databases async throws in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                _ = try await StudyDemoLoader.load(into: db)
                try await AttuneDatabase.prepare(databases, location: .sqliteFile(path: path), logger: testLogger)
                #expect(try await ProgrammeModel.query(on: db).count() == 8)
            }
            // A second start of a new process on the same file.
            try await withTestDatabases(.sqliteFile(path: path)) { databases async throws in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                #expect(try await ProgrammeModel.query(on: db).count() == 8)
                let sql = try #require(db as? any SQLDatabase)
                let applied = try await sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()
                #expect(try applied?.decode(column: "n", as: Int.self) == AttuneMigrations.all.count)
            }
        }
    }

    @Test("an in-memory database leaves no file behind, though sqlite-kit keeps it in one while it is open")
    func memoryFilesRemoved() async throws {
        let identifier = UUID().uuidString
        let file = try #require(AttuneDatabase.temporaryFile(of: .sqliteMemory(identifier: identifier)))
        try await withTestDatabases(.sqliteMemory(identifier: identifier)) { _ async throws in
            #expect(FileManager.default.fileExists(atPath: file), "sqlite-kit's file, named as AttuneDatabase expects: removing it relies on the name")
        }
        #expect(!FileManager.default.fileExists(atPath: file))
        try await StoreSession.with(.sqliteMemory(identifier: identifier), mustExist: false, logger: testLogger) { db async throws in
            #expect(try await ProgrammeModel.query(on: db).count() == 0)
        }
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test("every migration reverts, and the schema can be built again")
    func revertAndRebuild() async throws {
        try await withTestDatabases { databases async throws in
            try await AttuneDatabase.revertAll(databases, logger: testLogger)
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            await #expect(throws: (any Error).self) { _ = try await ProgrammeModel.query(on: db).count() }
            try await AttuneDatabase.prepare(databases, location: .sqliteMemory(identifier: "unused"), logger: testLogger)
            #expect(try await ProgrammeModel.query(on: db).count() == 0)
        }
    }
}
