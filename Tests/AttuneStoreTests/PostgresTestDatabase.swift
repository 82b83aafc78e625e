import AttuneStore
import FluentKit
import Foundation
import SQLKit
import Testing

/// PostgreSQL runs only where a server is configured: `.ci/run` starts a throwaway cluster and
/// sets ATTUNE_TEST_POSTGRES_URL; elsewhere these tests are reported as skipped.
enum PostgresTestServer {
    static let environmentVariable = "ATTUNE_TEST_POSTGRES_URL"
    static var url: String? { ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 } }
    static let trait = Testing.ConditionTrait.enabled(
        if: url != nil, "set \(environmentVariable) to a PostgreSQL server to run this test against PostgreSQL")

    /// A fresh database on the server for one test, dropped afterwards; `options` are added to
    /// its CREATE DATABASE (a locale, say).
    static func withDatabase<T>(options: String = "", _ body: (DatabaseLocation) async throws -> T) async throws -> T {
        let base = try #require(url)
        guard case .postgres(let server) = try DatabaseLocation.parse(base) else { throw TestSetupError() }
        let name = "attune_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        try await withTestDatabases(.postgres(server), migrate: false) { databases in
            let sql = databases.database(logger: testLogger, on: databases.eventLoopGroup.any()) as! any SQLDatabase
            try await sql.raw("CREATE DATABASE \(unsafeRaw: name) \(unsafeRaw: options)").run()
        }
        let testURL = base.replacingOccurrences(of: "/\(server.database)", with: "/\(name)")
        let result: Result<T, any Error>
        do { result = .success(try await body(try DatabaseLocation.parse(testURL))) } catch { result = .failure(error) }
        try await withTestDatabases(.postgres(server), migrate: false) { databases in
            let sql = databases.database(logger: testLogger, on: databases.eventLoopGroup.any()) as! any SQLDatabase
            try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name)").run()
        }
        return try result.get()
    }

    struct TestSetupError: Error {}
}
