import AttuneCore
@testable import AttuneStore
import FluentKit
import Foundation
import Testing

/// Saving a session's log again: who was there is replaced when it changed and kept when it did
/// not, the register follows, and a programme or facilitator that does not exist is refused.
@Suite("Session logs saved again")
struct SessionLogStoreTests {
    static func savedAgain(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(StoredProfileTests.document(), now: StoredProfileTests.now, on: db)
            let today = StoredProfileTests.today
            func save(_ present: [String], lead: String, programme: String = "P1") async throws {
                let session = Session(id: "", programmeId: programme, number: 2, date: today, facilitatorsPresent: present, leadFacilitatorId: lead)
                try await SessionLogStore.save(SessionLog(session: session, register: []), today: today, on: db)
            }
            func stored() async throws -> Session? {
                try await EvidenceStore.load(includingMeasures: false, programmes: ["P1"], on: db).sessions.first { $0.number == 2 }
            }
            for (present, lead) in [(["F2"], "F2"), (["F2"], "F2"), (["F1", "F2"], "F1"), (["F2", "F1"], "F1"), (["F1"], "F1")] {
                try await save(present, lead: lead)
                let session = try #require(try await stored())
                #expect(session.facilitatorsPresent == present)
                #expect(session.leadFacilitatorId == lead)
                #expect(try await ProfileStore.differences(on: db) == [])
            }
            await #expect(throws: FormProblems.self) { try await save(["F9"], lead: "F9") }
            await #expect(throws: ReachInputError.self) { try await save(["F1"], lead: "F1", programme: "P9") }
            #expect(try await stored()?.facilitatorsPresent == ["F1"])
        }
    }

    @Test("who was there is replaced when it changed, in its order (SQLite)")
    func savedAgainSQLite() async throws {
        try await withSQLiteFile { try await Self.savedAgain($0) }
    }

    @Test("who was there is replaced when it changed, in its order (PostgreSQL)", PostgresTestServer.trait)
    func savedAgainPostgres() async throws {
        try await PostgresTestServer.withDatabase { try await Self.savedAgain($0) }
    }
}
