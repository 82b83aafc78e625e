import AttuneCore
import FluentKit
import Foundation
import Testing
@testable import AttuneStore

/// The short reads the dashboard makes of a user's centres, against what the stored document
/// says: programmes, dyads invited, and a week's sessions, capped with their count.
@Suite("What a user's centres hold, read as codes and short rows")
struct ScopeStoreTests {
    static func check(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            let document = StoredProfileTests.document()
            try await EvidenceStore.save(document, now: StoredProfileTests.now, on: db)
            let today = StoredProfileTests.today
            func centre(of programme: String) -> String { document.programmes.first { $0.id == programme }!.centreId }

            // More codes than Attune binds in one list elsewhere (`RawSQL.largestBoundList`): still narrowed.
            let many = Set((0...10_000).map { "NO-SUCH-\($0)" })
            for centres: Set<String>? in [nil, ["C1"], ["C2"], ["C1", "C2"], [], ["NO-SUCH"], many.union(["C2"])] {
                func inScope(_ programme: String) -> Bool { centres.map { $0.contains(centre(of: programme)) } ?? true }
                let programmes = Set(document.programmes.map(\.id).filter(inScope))
                #expect(try await ScopeStore.programmes(centres: centres, on: db) == programmes)
                let dyads = Set(document.invitations.filter { inScope($0.programmeId) }.map(\.dyadId))
                #expect(try await ScopeStore.dyads(invitedTo: centres, on: db) == dyads)
                // This week's: from today to the day before a week today, by date and programme.
                let week = document.sessions.filter { session in
                    inScope(session.programmeId) && session.date.map { $0 >= today && $0 < today.adding(days: 7) } == true
                }.sorted { ($0.date!, $0.programmeId, $0.number) < ($1.date!, $1.programmeId, $1.number) }
                if centres == nil { #expect(week.count == 3, "each programme's third session is today") }
                let all = try await ScopeStore.sessions(from: today, before: today.adding(days: 7), centres: centres, limit: 100, on: db)
                #expect(all.shown.map(\.programmeId) == week.map(\.programmeId))
                #expect(all.shown.map(\.date) == week.map { $0.date! })
                #expect(all.shown.map(\.programmeName) == week.map { session in document.programmes.first { $0.id == session.programmeId }!.name })
                #expect(all.total == week.count)
                let first = try await ScopeStore.sessions(from: today, before: today.adding(days: 7), centres: centres, limit: 1, on: db)
                #expect(first.shown.map(\.programmeId) == Array(week.prefix(1).map(\.programmeId)))
                #expect(first.total == week.count)
            }
            // A save's check of the few facilitators it names agrees with the centre's list.
            let everyone = Set(document.facilitators.map(\.id) + ["NO-SUCH"])
            for centre in Set(document.centres.map(\.id)) {
                let listed = Set(try await ScopeStore.facilitators(of: [centre], on: db).map(\.id))
                #expect(!listed.isEmpty)
                #expect(Set(try await ScopeStore.staff(among: everyone, of: centre, on: db).map(\.id)) == listed)
                for code in everyone {
                    #expect(try await ScopeStore.staff(among: [code], of: centre, on: db).map(\.id) == (listed.contains(code) ? [code] : []))
                }
            }
            #expect(try await ScopeStore.staff(among: [], of: "C1", on: db).isEmpty)
        }
    }

    @Test("SQLite: programmes, dyads, staff and a week's sessions of any set of centres")
    func sqlite() async throws {
        try await Self.check(.sqliteMemory(identifier: UUID().uuidString))
    }

    @Test("PostgreSQL: programmes, dyads, staff and a week's sessions of any set of centres", PostgresTestServer.trait)
    func postgres() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.check(location) }
    }
}
