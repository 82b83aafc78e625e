import AttuneCore
import FluentKit
import Foundation
import NIOCore
import PostgresNIO
import Testing
@testable import AttuneStore

/// A national read (`EvidenceStore.load` with no scope) must give back exactly what was
/// written, in the order a read of a scope gives; and every kind of cell reads back as written.
@Suite("National reads and cells")
struct NationalReadTests {
    static let document = SyntheticEvidence.make(centres: 110, seed: 17)

    static func nationalRead(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(document, on: db)
            let national = try await EvidenceStore.load(includingMeasures: false, on: db)
            let expected = EvidenceStoreTests.normalised(document)
            let loaded = EvidenceStoreTests.normalised(national)
            #expect(loaded.centres == expected.centres)
            #expect(loaded.facilitators == expected.facilitators)
            #expect(loaded.programmes == expected.programmes)
            #expect(loaded.sessions == expected.sessions)
            #expect(loaded.dyads == expected.dyads)
            #expect(loaded.invitations == expected.invitations)
            #expect(loaded.attendance == expected.attendance)
            #expect(loaded.overrides == expected.overrides)
            // In the order a scoped read gives (the database's order of codes), and attendance
            // by dyad, then session, in that order.
            let scoped = try await EvidenceStore.load(includingMeasures: false, centres: Set(document.centres.map(\.id)), on: db)
            #expect(national.programmes.map(\.id) == scoped.programmes.map(\.id))
            #expect(national.sessions.map(\.id) == scoped.sessions.map(\.id))
            #expect(national.dyads.map(\.id) == scoped.dyads.map(\.id))
            #expect(national.invitations.map(\.id) == scoped.invitations.map(\.id))
            let dyadRank = Dictionary(uniqueKeysWithValues: national.dyads.enumerated().map { ($1.id, $0) })
            let sessionRank = Dictionary(uniqueKeysWithValues: national.sessions.enumerated().map { ($1.id, $0) })
            let ranks = national.attendance.map { (dyadRank[$0.dyadId] ?? -1, sessionRank[$0.sessionId] ?? -1) }
            #expect(zip(ranks, ranks.dropFirst()).allSatisfy { $0 < $1 }, "attendance in order of dyad, then session")
            #expect(national.attendance == scoped.attendance)
        }
    }

    @Test("SQLite: a national read gives back every record written")
    func sqliteNational() async throws {
        try await withSQLiteFile { location in try await Self.nationalRead(location) }
    }

    @Test("PostgreSQL: a national read gives back every record written", PostgresTestServer.trait)
    func postgresNational() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.nationalRead(location) }
    }

    /// Every kind of cell, NULL among them, read back.
    static func cells(_ location: DatabaseLocation, types: (uuid: String, bool: String, instant: String)) async throws {
        try await withTestDatabases(location) { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await RawSQL.execute("""
                CREATE TABLE "kinds" ("n" BIGINT, "u" \(types.uuid), "t" TEXT, "r" DOUBLE PRECISION, "b" \(types.bool), "i" \(types.instant))
                """, on: db)
            let id = UUID(uuidString: "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9")!
            let instant = Date(timeIntervalSince1970: 1_700_000_000.25)
            try await RawSQL.insert(into: "kinds", columns: ["n", "u", "t", "r", "b", "i"], rows: [
                [.int(1), .uuid(id), .text("Zoë O'Brien, 🍼"), .double(-19.5), .bool(true), .instant(instant)],
                [.int(2), .uuid(nil), .text(nil), .double(nil), .bool(false), .instant(nil)],
                [.int(-9_000_000_000), .uuid(id), .text(""), .double(0), .bool(nil), .instant(instant)],
                // Text that is, or nearly is, a row id's comes back as it was written.
                [.int(3), .uuid(nil), .text("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9"), .double(nil), .bool(nil), .instant(nil)],
                [.int(4), .uuid(nil), .text("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"), .double(nil), .bool(nil), .instant(nil)],
                [.int(5), .uuid(nil), .text("0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8FG"), .double(nil), .bool(nil), .instant(nil)],
            ], on: db)
            let sql = "SELECT \"n\", \"u\", \"t\", \"r\", \"b\", \"i\" FROM \"kinds\" ORDER BY \"n\" DESC"
            @Sendable func values(_ row: RawRow) -> [String] {
                [row.int(0).map(String.init), row.text(1), row.text(2), row.double(3).map { "\($0)" },
                 row.bool(4).map { "\($0)" }, row.instant(5).map { "\($0.timeIntervalSince1970)" }].map { $0 ?? "NULL" }
            }
            let read = try await RawSQL.rows(sql, on: db, values)
            let idText = "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9"
            #expect(read == [
                ["5", "NULL", "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8FG", "NULL", "NULL", "NULL"],
                ["4", "NULL", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", "NULL", "NULL", "NULL"],
                ["3", "NULL", idText, "NULL", "NULL", "NULL"],
                ["2", "NULL", "NULL", "NULL", "false", "NULL"],
                ["1", idText, "Zoë O'Brien, 🍼", "-19.5", "true", "1700000000.25"],
                ["-9000000000", idText, "", "0.0", "NULL", "1700000000.25"],
            ])
        }
    }

    @Test("SQLite: every kind of cell reads back as written")
    func sqliteCells() async throws {
        try await withSQLiteFile { location in
            try await Self.cells(location, types: (uuid: "TEXT", bool: "INTEGER", instant: "REAL"))
        }
    }

    @Test("PostgreSQL: every kind of cell reads back as written", PostgresTestServer.trait)
    func postgresCells() async throws {
        try await PostgresTestServer.withDatabase { location in
            try await Self.cells(location, types: (uuid: "UUID", bool: "BOOLEAN", instant: "TIMESTAMPTZ"))
        }
    }
}
