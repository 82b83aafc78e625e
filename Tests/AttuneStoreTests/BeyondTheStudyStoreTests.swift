import AttuneCore
import FluentKit
import Foundation
import Testing
@testable import AttuneStore

/// Issue 27's records in the store, on both engines: second observations and excerpts read back
/// as imported, and audit cycles frozen and compared.
@Suite("Second observations, excerpts and audit cycles in the store")
struct BeyondTheStudyStoreTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func document() throws -> EvidenceDocument {
        var document = try StudyEvidence.load()
        document.secondObservations = [SecondObservation(checksOf: document.sessions[0], observerName: "Observer B"),
                                       SecondObservation(sessionId: document.sessions[1].id, observerName: "Observer B",
                                                         content: ContentChecks(singing: true))]
        document.excerpts = [Excerpt(id: "A1-X1", programmeId: "A1", source: .interview, speakerRole: .mother, date: CalendarDate("2008-02-01"),
                                     text: "It was cold.\nVery cold.", codes: [ExcerptCode(mechanism: MechanismID(4), stance: .contradicts)],
                                     memo: "Ask about heating", deidentified: true),
                             Excerpt(id: "A2-X1", programmeId: "A2", source: .focusGroup, speakerRole: .facilitator, text: "We sang.",
                                     codes: [ExcerptCode(mechanism: MechanismID(14), stance: .supports), ExcerptCode(mechanism: MechanismID(11), stance: .contradicts)])]
        return document
    }

    static func check(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            let document = try Self.document()
            try await EvidenceStore.save(document, now: Self.now, on: db)
            let read = try await EvidenceStore.load(on: db)
            #expect(read.secondObservations == document.secondObservations)
            #expect(read.excerpts == document.excerpts)
            // A narrowed read takes only its programmes' records.
            let a2 = try await EvidenceStore.load(programmes: ["A2"], on: db)
            #expect(a2.excerpts.map(\.id) == ["A2-X1"] && a2.secondObservations.isEmpty)
            // The same excerpt id again is refused, and nothing of that import is stored.
            var again = EvidenceDocument(centres: [document.centres[0]], excerpts: [])
            again.excerpts = [document.excerpts[0]]
            await #expect(throws: EvidenceError.self) { try await EvidenceStore.save(again, now: Self.now, on: db) }

            // From a page: the next code of the programme; a second observation replaced, not doubled.
            let code = try await ExcerptStore.add(Excerpt(id: "new", programmeId: "A1", source: .observation, speakerRole: .observer,
                                                          text: "Heating off.", codes: [ExcerptCode(mechanism: MechanismID(4), stance: .contradicts)]),
                                                  by: "jo", now: Self.now, on: db)
            #expect(code == "A1-X2")
            try await SecondObservationStore.save(SecondObservation(sessionId: document.sessions[1].id, observerName: "Observer B",
                                                                    content: ContentChecks(singing: false)), by: "jo", now: Self.now, on: db)
            let observations = try await EvidenceStore.load(on: db).secondObservations
            #expect(observations.count == 2 && observations[1].content.singing == false)

            // Two cycles with an override between them: the trend shows the rating that moved and why.
            let rubric = try Rubric.standard()
            try await CycleStore.close(name: "Spring 2008", rubric: rubric, by: "jo", now: Self.now, on: db)
            await #expect(throws: FormProblems.self) { try await CycleStore.close(name: " spring 2008 ", rubric: rubric, by: "jo", now: Self.now, on: db) }
            try await OverrideStore.replace(programme: "A1", mechanism: MechanismID(11), with: MechanismOverride(
                programmeId: "A1", mechanism: MechanismID(11), rating: .yes, rationale: "A doll was used in every session I saw.", observer: "Jo"),
                by: "jo", now: Self.now, on: db)
            try await CycleStore.close(name: "Summer 2008", rubric: rubric, by: "jo", now: Self.now.addingTimeInterval(86_400), on: db)
            let cycles = try await CycleStore.cycles(on: db)
            #expect(cycles.map(\.name) == ["Spring 2008", "Summer 2008"] && cycles[0].profiles.count == 8)
            let trend = Trend(cycles)
            #expect(trend.changes.count == 1)
            let change = try #require(trend.changes.first)
            #expect(change.programmeId == "A1" && change.mechanism == MechanismID(11) && change.before.rating == .no && change.after.rating == .yes)
            #expect(change.after.explanation.contains("A doll was used in every session I saw.") && change.improved)
            #expect(trend.points[1].meanTotal! > trend.points[0].meanTotal!)
            #expect(trend.points[0].correlation != nil)
            // A centre's cycles hold its programmes only.
            let centreA = try await CycleStore.cycles(centres: ["A"], on: db)
            #expect(centreA.allSatisfy { cycle in cycle.profiles.allSatisfy { $0.centreId == "A" } } && !centreA[0].profiles.isEmpty)
            #expect(try await ActivityLog.search(.init(recordKind: "audit cycle"), on: db).count == 2)
        }
    }

    /// Profiles are derived from a read that leaves out overrides, second observations and
    /// excerpts (`ProfileStore.derive`: no mechanism rule reads them; overrides are applied as
    /// profiles are read). The engine given all of them derives the same ratings, explanations
    /// and records; a rule that came to read one of them would fail here.
    static func derivedWithoutReviewRecords(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            var document = try Self.document()
            document.overrides = [MechanismOverride(programmeId: "A2", mechanism: MechanismID(4), rating: .no,
                                                    rationale: "The room was cold on my visit.", observer: "Jo")]
            try await EvidenceStore.save(document, now: Self.now, on: db)
            let standard = try Rubric.standard()
            let stored = try #require(try await ProfileStore.read(rubric: standard, on: db)).profiles
            let full = AssessmentEngine(rubric: standard).profiles(EvidenceIndex(document))
            #expect(stored.map(\.programme.id) == full.map(\.programme.id))
            for (kept, fresh) in zip(stored, full) {
                #expect(kept.assessments.map(\.rating) == fresh.assessments.map(\.rating))
                #expect(kept.assessments.map(\.derived.rating) == fresh.assessments.map(\.derived.rating))
                #expect(kept.assessments.map(\.explanation) == fresh.assessments.map(\.explanation))
                #expect(kept.assessments.map(\.derived.evidence) == fresh.assessments.map(\.derived.evidence))
            }
            #expect(stored.first { $0.programme.id == "A2" }?.assessment(MechanismID(4))?.rating == .no)
        }
    }

    @Test("profiles derived without overrides, second observations and excerpts equal the engine's with them (SQLite)")
    func derivedWithoutReviewRecordsSQLite() async throws { try await Self.derivedWithoutReviewRecords(.sqliteMemory(identifier: UUID().uuidString)) }

    @Test("profiles derived without overrides, second observations and excerpts equal the engine's with them (PostgreSQL)", PostgresTestServer.trait)
    func derivedWithoutReviewRecordsPostgres() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.derivedWithoutReviewRecords(location) }
    }

    @Test("on SQLite")
    func onSQLite() async throws { try await Self.check(.sqliteMemory(identifier: UUID().uuidString)) }

    @Test("on PostgreSQL", PostgresTestServer.trait)
    func onPostgres() async throws { try await PostgresTestServer.withDatabase { location in try await Self.check(location) } }
}
