import FluentKit
import Foundation
import Logging
import NIOPosix
import SQLKit

/// Throwaway PostgreSQL databases on a server, one per test (or per load run): created empty,
/// dropped afterwards. Used by the test suites and benchmarks, never by the application.
public enum ScratchDatabase {
    public static func withPostgres<T>(server: String, logger: Logger = Logger(label: "attune.scratch"),
                                       _ body: (DatabaseLocation) async throws -> T) async throws -> T {
        guard case .postgres(let url) = try DatabaseLocation.parse(server) else {
            throw DatabaseLocationError.malformedPostgresURL(reason: "a scratch database needs a postgres:// server")
        }
        let name = "attune_scratch_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        try await onServer(url, logger: logger) { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        let location = try DatabaseLocation.parse(server.replacingOccurrences(of: "/\(url.database)", with: "/\(name)"))
        let result: Result<T, any Error>
        do { result = .success(try await body(location)) } catch { result = .failure(error) }
        try await onServer(url, logger: logger) { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
        return try result.get()
    }

    private static func onServer(_ url: PostgresURL, logger: Logger, _ body: (any SQLDatabase) async throws -> Void) async throws {
        let databases = Databases(threadPool: .singleton, on: MultiThreadedEventLoopGroup.singleton)
        do {
            try AttuneDatabase.register(.postgres(url), on: databases)
            try await body(databases.database(logger: logger, on: databases.eventLoopGroup.any()) as! any SQLDatabase)
        } catch {
            await databases.shutdownAsync()
            throw error
        }
        await databases.shutdownAsync()
    }
}
