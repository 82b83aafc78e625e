import AttuneCore
import AttuneStore
import FluentKit
import Testing

@Suite("Demo data")
struct StudyDemoLoaderTests {
    @Test("loads the study's eight programmes with their evidence, 112 published ratings and three locations")
    func loads() async throws {
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            #expect(try await StudyDemoLoader.load(into: db) == .loaded(programmes: 8))
            #expect(try await CentreModel.query(on: db).count() == 3)
            #expect(try await PublishedRatingModel.query(on: db).count() == 112)
            #expect(try await FacilitatorModel.query(on: db).count() == 10)
            #expect(try await DyadModel.query(on: db).count() == 39)
            #expect(try await SessionModel.query(on: db).count() == 42)
            #expect(try await ProgrammeModel.query(on: db).filter(\.$reconstructed == true).count() == 8)
        }
    }

    @Test("a second load adds nothing")
    func idempotent() async throws {
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            _ = try await StudyDemoLoader.load(into: db)
            #expect(try await StudyDemoLoader.load(into: db) == .skippedBecauseNotEmpty(programmes: 8))
            #expect(try await ProgrammeModel.query(on: db).count() == 8)
            #expect(try await CentreModel.query(on: db).count() == 3)
            #expect(try await PublishedRatingModel.query(on: db).count() == 112)
        }
    }

    @Test("the stored programmes read back as the published table, cell by cell")
    func roundTrip() async throws {
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            _ = try await StudyDemoLoader.load(into: db)
            let stored = try await ProgrammeModel.publishedMatrix(on: db)
            #expect(stored.columns.map(\.programmeCode) == ["A1", "A2", "A3", "A4", "A5", "A6", "B7", "C8"])
            // Golden: the paper's B7 column and C8 column (Table 1).
            let b7 = stored.columns[6], c8 = stored.columns[7]
            #expect((1...14).map { stored.rating(b7, MechanismID($0)).letter }.joined() == "YVYYYYYNYYYYYY")
            #expect((1...14).map { stored.rating(c8, MechanismID($0)).letter }.joined() == "NNYNYYNYYYYYYY")
            #expect(stored.columns.map { stored.recomputedTotal($0) } == [5, 7, 2, 5, 2, 7, 12, 10])
            #expect(stored.discrepancies.map(\.programmeCode) == ["B7"])
        }
    }

    @Test("a database that already has a programme of its own is left alone")
    func leavesOtherDataAlone() async throws {
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            let centre = CentreModel(code: "R", name: "Riverside Children's Centre", deprivationDecile: 2)
            try await centre.create(on: db)
            try await ProgrammeModel(centreID: try centre.requireID(), code: "R1", name: "Spring massage", plannedSessions: 6).create(on: db)
            #expect(try await StudyDemoLoader.load(into: db) == .skippedBecauseNotEmpty(programmes: 1))
            #expect(try await CentreModel.query(on: db).count() == 1)
        }
    }
}
