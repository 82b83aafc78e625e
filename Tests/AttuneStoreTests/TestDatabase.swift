import AttuneStore
import FluentKit
import Foundation
import Logging
import NIOPosix

/// A fresh database for one test, on its own two event loops (so two SQLite connections),
/// migrated exactly as `attune serve` migrates it, and shut down afterwards.
func withTestDatabases<T>(
    _ location: DatabaseLocation = .sqliteMemory(identifier: UUID().uuidString),
    migrate: Bool = true,
    _ body: (Databases) async throws -> T
) async throws -> T {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    let threadPool = NIOThreadPool(numberOfThreads: 2)
    threadPool.start()
    let databases = Databases(threadPool: threadPool, on: group)
    let result: Result<T, any Error>
    do {
        try AttuneDatabase.register(location, on: databases)
        if migrate { try await AttuneDatabase.prepare(databases, location: location, logger: testLogger) }
        result = .success(try await body(databases))
    } catch {
        result = .failure(error)
    }
    await databases.shutdownAsync()
    AttuneDatabase.removeTemporaryFiles(of: location)
    try await threadPool.shutdownGracefully()
    try await group.shutdownGracefully()
    return try result.get()
}

let testLogger = Logger(label: "attune.tests")

/// A fresh SQLite file for one test, in a temporary folder removed afterwards: the file-backed
/// counterpart of `PostgresTestServer.withDatabase`, for checks run on both engines.
func withSQLiteFile<T>(_ body: (DatabaseLocation) async throws -> T) async throws -> T {
    try await withTemporaryFolder { folder in
        try await body(.sqliteFile(path: folder.appendingPathComponent("attune.sqlite").path))
    }
}

/// A temporary folder removed when the test ends.
func withTemporaryFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attune-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}
