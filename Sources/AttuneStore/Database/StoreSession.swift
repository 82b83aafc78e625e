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
        try await withTwoConnections(location, mustExist: mustExist, logger: logger) { database, _ in try await body(database) }
    }

    /// As `with`, with a second handle on another event loop, and so on another connection:
    /// a command reading a whole national database reads two tables at once, on two cores
    /// (`EvidenceStore.load(alongside:)`). With one event loop both handles share it.
    public static func withTwoConnections<T: Sendable>(
        _ location: DatabaseLocation, mustExist: Bool, logger: Logger,
        _ body: @Sendable (_ database: any Database, _ second: any Database) async throws -> T
    ) async throws -> T {
        if mustExist, case .sqliteFile(let path) = location, !FileManager.default.fileExists(atPath: path) {
            throw StoreSessionError.noDatabase(path: path)
        }
        let databases = Databases(threadPool: .singleton, on: MultiThreadedEventLoopGroup.singleton)
        do {
            try AttuneDatabase.register(location, on: databases)
            try await AttuneDatabase.prepare(databases, location: location, logger: logger)
            let eventLoops = Array(databases.eventLoopGroup.makeIterator())
            let database = databases.database(logger: logger, on: eventLoops[0])!
            let second = databases.database(logger: logger, on: eventLoops[eventLoops.count > 1 ? 1 : 0])!
            let result = try await body(database, second)
            await databases.shutdownAsync()
            return result
        } catch {
            await databases.shutdownAsync()
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
