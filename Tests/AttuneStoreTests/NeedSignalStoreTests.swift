import AttuneCore
import FluentKit
import Foundation
import SQLKit
import Testing
@testable import AttuneStore

/// Need read from the signals stored with the measures must be the need worked out by scoring
/// the measures' values (`DyadMeasures`), the reference, under any site settings.
@Suite("Need from the signals stored with measures")
struct NeedSignalStoreTests {
    /// A synthetic dataset with every instrument, high, moderate and low need.
    static let document = SyntheticEvidence.make(centres: 6, seed: 11)

    static func scoredLevels(_ settings: MeasureSettings) -> [String: NeedLevel] {
        let byDyad = Dictionary(grouping: document.measurements, by: \.dyadId)
        return Dictionary(uniqueKeysWithValues: document.dyads.map {
            ($0.id, DyadMeasures(dyad: $0, measurements: byDyad[$0.id] ?? [], settings: settings).need.level)
        })
    }

    /// CARE-Index bands moved up: more mothers fall in the high-need bands. Banding happens when
    /// the signals are read, so the stored text must not fix the band.
    static func stricterBands() throws -> MeasureSettings {
        var settings = MeasureSettings()
        settings.careBands = try SensitivityBands(sensitiveFrom: 14, adequateFrom: 12, ineptFrom: 10)
        return settings
    }

    static func check(_ location: DatabaseLocation) async throws {
        let stricter = try stricterBands()
        let standardLevels = scoredLevels(.standard), stricterLevels = scoredLevels(stricter)
        #expect(Set(standardLevels.values).isSuperset(of: [.high, .moderate, .low]))
        #expect(standardLevels != stricterLevels, "the stricter bands should change someone's need")
        try await withTestDatabases(location) { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(document, on: db)
            #expect(try await MeasureStore.needLevels(on: db) == standardLevels)
            #expect(try await MeasureStore.needLevels(settings: stricter, on: db) == stricterLevels)
            // Pages ask for their dyads' needs, reasons included.
            let some = Set(document.dyads.prefix(9).map(\.id))
            let byDyad = Dictionary(grouping: document.measurements, by: \.dyadId)
            let expected = Dictionary(uniqueKeysWithValues: document.dyads.filter { some.contains($0.id) }.map {
                ($0.id, DyadMeasures(dyad: $0, measurements: byDyad[$0.id] ?? []).need)
            })
            #expect(try await MeasureStore.needs(ofDyads: some, on: db) == expected)
            #expect(expected.values.contains { $0.findings.count > 1 }, "some dyad should have several reasons")

            // Measures stored before the column existed are scored once by the migration.
            try await AddDyadNeedSignals().revert(on: db)
            try await AddNeedSignals().revert(on: db)
            try await AddNeedSignals().prepare(on: db)
            try await AddDyadNeedSignals().prepare(on: db)
            #expect(try await MeasureStore.needLevels(on: db) == standardLevels)
            #expect(try await MeasureStore.needs(ofDyads: some, on: db) == expected)
        }
    }

    @Test("SQLite: stored need signals give the need that scoring the values gives")
    func sqlite() async throws {
        // A file, not memory, as a national database is.
        try await withSQLiteFile { location in try await Self.check(location) }
    }

    @Test("PostgreSQL: stored need signals give the need that scoring the values gives", PostgresTestServer.trait)
    func postgres() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.check(location) }
    }

    /// Measures saved one by one, and three saved for one dyad at the same moment on
    /// different connections: her need then counts every one of them, as scoring them does.
    /// `pausingAfterEachMeasure`: PostgreSQL holds each saving transaction for a moment after
    /// its measure is written (a trigger), so that all three are written before any gathers
    /// her need. Without `MeasureStore.record` locking her row first, each would then gather
    /// only its own measure, and the test fails; without the pause, the three seldom overlap.
    static func recordOneByOne(_ location: DatabaseLocation, pausingAfterEachMeasure: Bool = false) async throws {
        try await withTestDatabases(location) { databases async throws in
            let loops = Array(databases.eventLoopGroup.makeIterator())
            let db = databases.database(logger: testLogger, on: loops[0])!
            let dyads = [Dyad(id: "D1", consentToRecords: true), Dyad(id: "D2", socialRiskFactors: [.lowIncome, .socialHousing], consentToRecords: true)]
            try await EvidenceStore.save(EvidenceDocument(dyads: dyads), on: db)
            if pausingAfterEachMeasure {
                let sql = try #require(db as? any SQLDatabase)
                try await sql.raw("""
                    CREATE FUNCTION attune_test_pause() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN PERFORM pg_sleep(0.3); RETURN NEW; END $$
                    """).run()
                try await sql.raw("""
                    CREATE TRIGGER attune_test_pause AFTER INSERT ON measurements FOR EACH ROW EXECUTE FUNCTION attune_test_pause()
                    """).run()
            }
            let today = CalendarDate("2026-11-26")!
            func measure(_ id: String, _ dyad: String, _ instrument: Instrument, _ timepoint: Timepoint, date: String = "2026-11-20",
                         items: [Int]? = nil, scales: [String: Int]? = nil, classification: String? = nil) -> RecordedMeasure {
                RecordedMeasure(id: id, dyadId: dyad, instrument: instrument, timepoint: timepoint, date: CalendarDate(date)!,
                                administeredBy: "HV Patel", itemScores: items, scales: scales, classification: classification)
            }
            #expect(try await MeasureStore.needs(ofDyads: ["D1", "D2"], on: db) == [
                "D1": DyadMeasures(dyad: dyads[0], measurements: []).need, "D2": DyadMeasures(dyad: dyads[1], measurements: []).need])

            let together = [
                measure("E1", "D1", .epds, .before, items: [3, 3, 2, 2, 1, 1, 1, 0, 0, 0]),
                measure("C1", "D1", .careIndex, .before, scales: ["sensitivity": 3, "control": 6, "unresponsiveness": 5, "cooperativeness": 4,
                                                                  "compulsivity": 3, "difficultness": 4, "passivity": 3]),
                measure("W1", "D1", .wmci, .before, classification: "disengaged"),
            ]
            let saved = await withTaskGroup(of: Bool.self) { group in
                for (index, measure) in together.enumerated() {
                    let connection = databases.database(logger: testLogger, on: loops[index % loops.count])!
                    group.addTask {
                        (try? await MeasureStore.record(measure, today: today, now: Date(), by: "HV Patel", on: connection)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(saved == [true, true, true])
            let later = measure("E2", "D2", .epds, .after, date: "2026-11-25", items: [1, 1, 1, 1, 1, 1, 1, 1, 2, 0])
            try await MeasureStore.record(later, today: today, now: Date(), by: "HV Patel", on: db)

            let needs = try await MeasureStore.needs(ofDyads: ["D1", "D2"], on: db)
            #expect(needs["D1"] == DyadMeasures(dyad: dyads[0], measurements: together).need)
            #expect(needs["D1"]?.findings.count == 3, "EPDS, CARE-Index and WMCI each give a reason")
            #expect(needs["D2"] == DyadMeasures(dyad: dyads[1], measurements: [later]).need)
            #expect(needs["D2"]?.level == .moderate)
        }
    }

    @Test("SQLite: a measure saved, or three saved at once, are counted in the dyad's need")
    func recordSQLite() async throws {
        try await withSQLiteFile { location in try await Self.recordOneByOne(location) }
    }

    @Test("PostgreSQL: a measure saved, or three saved at once, are counted in the dyad's need", PostgresTestServer.trait)
    func recordPostgres() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.recordOneByOne(location, pausingAfterEachMeasure: true) }
    }

    @Test("text not in the stored form is refused, naming the dyad")
    func corrupt() async throws {
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(Self.document, on: db)
            let dyad = try #require(Self.document.measurements.first { $0.instrument == .epds }?.dyadId)
            try await RawSQL.execute("UPDATE \"dyads\" SET \"need_signals\" = 'before epds fourteen 0' WHERE \"code\" = ?", [.text(dyad)], on: db)
            let error = await #expect(throws: StoredDataError.self) { try await MeasureStore.needLevels(on: db) }
            #expect(error?.description.contains("dyad \(dyad)") == true, "\(String(describing: error))")
        }
    }
}
