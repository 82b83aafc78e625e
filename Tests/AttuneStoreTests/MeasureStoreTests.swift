import AttuneCore
@testable import AttuneStore
import FluentKit
import Foundation
import Testing

@Suite("Measures and alerts in the database")
struct MeasureStoreTests {
    static let today = CalendarDate("2026-11-26")!
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func withDyad(_ body: (any Database) async throws -> Void) async throws {
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(EvidenceDocument(dyads: [Dyad(id: "D1", consentToRecords: true)]), now: now, on: db)
            try await body(db)
        }
    }

    static func epds(_ items: [Int], _ timepoint: Timepoint = .before, date: String = "2026-11-20", id: String = "E1") -> RecordedMeasure {
        RecordedMeasure(id: id, dyadId: "D1", instrument: .epds, timepoint: timepoint, date: CalendarDate(date)!,
                        administeredBy: "HV Patel", itemScores: items)
    }

    @Test("a repeat screen is numbered beside the first; on SQLite, the table made again by AllowRepeatedMeasures keeps every measure and alert")
    func repeatedMeasures() async throws {
        try await Self.withDyad { db async throws in
            try await MeasureStore.record(Self.epds([3, 3, 2, 2, 1, 1, 1, 0, 0, 1], date: "2026-11-10"), today: Self.today, now: Self.now, by: "HV", on: db)
            if RawSQL.isSQLite(db) {
                // The table as it was before the migration: one measure per stage.
                let table = try await RawSQL.rows("SELECT \"sql\" FROM \"sqlite_master\" WHERE \"name\" = 'measurements'", on: db) { $0.text(0) ?? "" }[0]
                try await db.withConnection { connection in
                    try await RawSQL.execute("PRAGMA foreign_keys = OFF", on: connection)
                    try await RawSQL.execute(table.replacingOccurrences(of: "CREATE TABLE \"measurements\"", with: "CREATE TABLE \"old\"")
                        .replacingOccurrences(of: "UNIQUE (\"code\"))", with: "UNIQUE (\"code\"), CONSTRAINT \"uq:one\" \(AllowRepeatedMeasures.columns))"),
                                             on: connection)
                    try await RawSQL.execute("INSERT INTO \"old\" SELECT * FROM \"measurements\"", on: connection)
                    try await RawSQL.execute("DROP TABLE \"measurements\"", on: connection)
                    try await RawSQL.execute("ALTER TABLE \"old\" RENAME TO \"measurements\"", on: connection)
                    try await RawSQL.execute("PRAGMA foreign_keys = ON", on: connection)
                }
                await #expect(throws: (any Error).self) {
                    try await MeasureStore.record(Self.epds(Array(repeating: 0, count: 10), date: "2026-11-12"), today: Self.today, now: Self.now,
                                                  by: "HV", numberingRepeats: true, on: db)
                }
                try await AllowRepeatedMeasures().prepare(on: db)
            }
            try await MeasureStore.record(Self.epds(Array(repeating: 0, count: 10), date: "2026-11-12"), today: Self.today, now: Self.now,
                                          by: "HV", numberingRepeats: true, on: db)
            let stored = try await EvidenceStore.load(on: db).measurements
            #expect(stored.map(\.id).sorted() == ["E1", "E1-2"])
            #expect(try await AlertStore.all(on: db).map(\.id).sorted() == ["E1-assess", "E1-self_harm"])
            #expect(try await RawSQL.rows("PRAGMA foreign_key_check", on: db) { _ in 1 }.isEmpty || !RawSQL.isSQLite(db))
        }
    }

    @Test("saving an EPDS with item 10 above 0 stores the measure and its alert together")
    func recordRaises() async throws {
        try await Self.withDyad { db async throws in
            let (result, alerts) = try await MeasureStore.record(Self.epds([3, 3, 2, 2, 1, 1, 1, 0, 0, 1]), today: Self.today,
                                                                 now: Self.now, by: "HV Patel", on: db)
            #expect(result.summary.contains("EPDS total 14"))
            #expect(alerts.map(\.kind) == [.selfHarm, .assess])
            let stored = try await AlertStore.all(openOnly: true, on: db)
            #expect(stored.map(\.id) == ["E1-self_harm", "E1-assess"])
            #expect(stored[0].dyadId == "D1")
            #expect(stored[0].raisedBy == "HV Patel")
        }
    }

    @Test("a measure that cannot be saved stores nothing: wrong count, future date, unknown dyad")
    func badStoresNothing() async throws {
        try await Self.withDyad { db async throws in
            await #expect(throws: MeasureInputError.self) {
                try await MeasureStore.record(Self.epds([1, 1, 1]), today: Self.today, now: Self.now, by: "HV", on: db)
            }
            await #expect(throws: MeasureInputError.self) {
                try await MeasureStore.record(Self.epds(Array(repeating: 3, count: 10), date: "2027-01-01"), today: Self.today, now: Self.now, by: "HV", on: db)
            }
            var stranger = Self.epds(Array(repeating: 3, count: 10))
            stranger.dyadId = "D404"
            await #expect(throws: MeasureInputError("EPDS", field: "dyad_id", "no dyad has the id D404")) {
                try await MeasureStore.record(stranger, today: Self.today, now: Self.now, by: "HV", on: db)
            }
            #expect(try await MeasurementModel.query(on: db).count() == 0)
            #expect(try await SafeguardingAlertModel.query(on: db).count() == 0)
        }
    }

    @Test("closing records who, when and the action; a second close is refused")
    func close() async throws {
        try await Self.withDyad { db async throws in
            try await MeasureStore.record(Self.epds([0, 0, 0, 0, 0, 0, 0, 0, 0, 2]), today: Self.today, now: Self.now, by: "HV Patel", on: db)
            let later = Self.now.addingTimeInterval(5400)
            let closed = try await AlertStore.close("E1-self_harm", action: "Visited at home with the duty social worker.", by: "S. Ahmed", now: later, on: db)
            #expect(closed.closedBy == "S. Ahmed")
            #expect(closed.closedAt.map { abs($0.timeIntervalSince(later)) < 1 } == true)
            #expect(try await AlertStore.all(openOnly: true, on: db).isEmpty)
            let second = await #expect(throws: AlertAlreadyClosed.self) {
                try await AlertStore.close("E1-self_harm", action: "Second attempt to close it.", by: "B", now: later, on: db)
            }
            #expect(second?.closedBy == "S. Ahmed")
        }
    }

    /// Eight people on two connections close one alert at the same moment.
    static func raceToClose(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases async throws in
            let loops = Array(databases.eventLoopGroup.makeIterator())
            let db = databases.database(logger: testLogger, on: loops[0])!
            try await EvidenceStore.save(EvidenceDocument(dyads: [Dyad(id: "D1", consentToRecords: true)]), now: Self.now, on: db)
            try await MeasureStore.record(Self.epds([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), today: Self.today, now: Self.now, by: "HV", on: db)
            let outcomes = await withTaskGroup(of: Result<SafeguardingAlert, any Error>.self) { group in
                for index in 0..<8 {
                    let connection = databases.database(logger: testLogger, on: loops[index % loops.count])!
                    group.addTask {
                        do {
                            return .success(try await AlertStore.close("E1-self_harm", action: "Action number \(index) taken today.",
                                                                       by: "Closer \(index)", now: Self.now, on: connection))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1)
            // Everyone else is told the alert is closed already, not that the database was busy.
            for case .failure(let error) in outcomes {
                #expect(error is AlertAlreadyClosed, "\(error)")
                #expect("\(error)".contains("was already closed by Closer "), "\(error)")
            }
            let alert = try #require(try await AlertStore.all(on: db).first)
            #expect(alert.actionTaken?.hasPrefix("Action number") == true)
            #expect(alert.closedBy.map { alert.actionTaken == "Action number \($0.dropFirst("Closer ".count)) taken today." } == true,
                    "the stored closer and action belong to the same person")
        }
    }

    @Test("people closing one alert at once: exactly one succeeds (SQLite)")
    func concurrentClose() async throws {
        try await withSQLiteFile { location in try await Self.raceToClose(location) }
    }

    @Test("people closing one alert at once: exactly one succeeds (PostgreSQL)", PostgresTestServer.trait)
    func concurrentClosePostgres() async throws {
        try await PostgresTestServer.withDatabase { location async throws in try await Self.raceToClose(location) }
    }

    @Test("changing a threshold never closes an open alert")
    func thresholdChange() async throws {
        try await Self.withDyad { db async throws in
            try await MeasureStore.record(Self.epds([3, 3, 2, 2, 1, 1, 1, 0, 0, 0]), today: Self.today, now: Self.now, by: "HV", on: db)
            var stricter = MeasureSettings.standard
            stricter.epdsCutoffs = try EPDSCutoffs(possibleFrom: 15, probableFrom: 20)
            let summaries = try await MeasureStore.dyadMeasures(settings: stricter, on: db)
            // Re-scored under the new cut-offs: 14 is now below the possible cut-off of 15...
            guard case .epds(let score)? = summaries.first?.scored.first?.result else { Issue.record("no EPDS"); return }
            #expect(score.band == .belowCutoff)
            #expect(try await AlertStore.all(openOnly: true, on: db).map(\.kind) == [.assess]) // ...the alert stays open
        }
    }

    @Test("the demo's study measures load, and raise the study's alerts")
    func studyAlerts() async throws {
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            _ = try await StudyDemoLoader.load(into: db)
            let study = try StudyEvidence.load()
            #expect(try await MeasurementModel.query(on: db).count() == study.measurements.count)
            let alerts = try await AlertStore.all(openOnly: true, on: db)
            #expect(alerts.filter { $0.kind == .selfHarm }.map(\.dyadId) == ["A1-D03"])
            #expect(alerts.contains { $0.kind == .assess && $0.dyadId == "B7-D02" })
        }
    }
}
