import AttuneCore
import FluentKit
import Foundation
import Logging
import NIOPosix

/// Opens the database for one CLI command, migrates it, runs `body`, and closes it.
public enum StoreSession {
    /// - Parameter mustExist: refuse an SQLite path with no file yet (commands that only read
    ///   should not create an empty database as a side effect).
    public static func with<T: Sendable>(
        _ location: DatabaseLocation, mustExist: Bool, logger: Logger,
        _ body: @Sendable (any Database) async throws -> T
    ) async throws -> T {
        try await withConnections(1, location, mustExist: mustExist, logger: logger) { databases in try await body(databases[0]) }
    }

    /// As `with`, with `count` handles, each on an event loop of its own and so, on SQLite, on a
    /// connection of its own (Fluent's SQLite driver has one per event loop; on PostgreSQL each
    /// handle draws on a pool). A command reading a whole national database reads several
    /// tables at once on the machine's cores (`EvidenceStore.load(alongside:)`); on one SQLite
    /// connection, statements wait for each other however they are started.
    public static func withConnections<T: Sendable>(
        _ count: Int, _ location: DatabaseLocation, mustExist: Bool, logger: Logger,
        _ body: @Sendable (_ databases: [any Database]) async throws -> T
    ) async throws -> T {
        precondition(count >= 1, "at least one connection")
        if mustExist, case .sqliteFile(let path) = location, !FileManager.default.fileExists(atPath: path) {
            throw StoreSessionError.noDatabase(path: path)
        }
        let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: count)
        let databases = Databases(threadPool: .singleton, on: eventLoopGroup)
        func close() async {
            await databases.shutdownAsync()
            try? await eventLoopGroup.shutdownGracefully()
            AttuneDatabase.removeTemporaryFiles(of: location)
        }
        do {
            try AttuneDatabase.register(location, on: databases)
            try await AttuneDatabase.prepare(databases, location: location, logger: logger)
            let handles = eventLoopGroup.makeIterator().map { databases.database(logger: logger, on: $0)! }
            let result = try await body(handles)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }
}

public enum StoreSessionError: InputError {
    case noDatabase(path: String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            "there is no database at \(path); give --database, or create one with `attune serve` or `attune import evidence FILE`."
        }
    }
}

/// The database a command works on, named so that commands need not import Fluent.
public typealias StoreDatabase = any Database
