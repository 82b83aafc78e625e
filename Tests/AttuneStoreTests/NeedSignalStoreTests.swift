import AttuneCore
import FluentKit
import Foundation
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
            try await AddNeedSignals().revert(on: db)
            try await AddNeedSignals().prepare(on: db)
            #expect(try await MeasureStore.needLevels(on: db) == standardLevels)
        }
    }

    @Test("SQLite: stored need signals give the need that scoring the values gives")
    func sqlite() async throws {
        // A file, not memory: every dyad's need is then a whole-table read (`WholeTableRead`).
        try await withTemporaryFolder { folder in
            try await Self.check(.sqliteFile(path: folder.appendingPathComponent("attune.sqlite").path))
        }
    }

    @Test("PostgreSQL: stored need signals give the need that scoring the values gives", PostgresTestServer.trait)
    func postgres() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.check(location) }
    }

    @Test("text not in the stored form is refused, naming the measure")
    func corrupt() async throws {
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(Self.document, on: db)
            try await RawSQL.execute("UPDATE \"measurements\" SET \"need_signal\" = 'epds fourteen 0' WHERE \"instrument\" = 'epds'", on: db)
            await #expect(throws: StoredDataError.self) { try await MeasureStore.needLevels(on: db) }
        }
    }
}
