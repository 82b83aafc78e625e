import AttuneCore
import FluentKit
import Foundation

/// Records measures and their safeguarding alerts, and reads them back.
public enum MeasureStore {
    /// Saves one measure for a dyad already in the database, in one transaction with the alerts
    /// it raises. A measure that cannot be scored, dated in the future, dated before the dyad's
    /// earlier measure, or for an unknown dyad stores nothing.
    @discardableResult
    public static func record(_ measurement: RecordedMeasure, settings: MeasureSettings = .standard, today: CalendarDate,
                              now: Date, by user: String, on database: any Database) async throws -> (MeasureResult, [SafeguardingAlert]) {
        try await database.writeTransaction { db in
            // Her row first, locked for the rest of the transaction on PostgreSQL (on SQLite the
            // whole database is, `writeTransaction`): two measures saved for her at once are then
            // checked against each other and both gathered into her need, one after the other.
            try await RawSQL.execute("UPDATE \"dyads\" SET \"need_signals\" = \"need_signals\" WHERE \"code\" = ?",
                                     [.text(measurement.dyadId)], on: db)
            guard let dyad = try await DyadModel.query(on: db).filter(\.$code == measurement.dyadId).first() else {
                throw MeasureInputError(measurement.instrument.name, field: "dyad_id", "no dyad has the id \(measurement.dyadId)")
            }
            let existing = try await measures(ofDyad: dyad, on: db)
            if existing.contains(where: { $0.id == measurement.id }) {
                throw MeasureInputError(measurement.instrument.name, field: "id", "a measure with the id \(measurement.id) already exists")
            }
            try MeasurementValidator.check(measurement, existing: existing, today: today)
            let result = try measurement.score(settings)
            let alerts = try await insert([measurement], dyadIDs: [dyad.code: try dyad.requireID()], settings: settings,
                                          now: now, by: user, on: db)
            return (result, alerts)
        }
    }

    /// Inserts measures (already checked) and the alerts they raise, and gathers their dyads'
    /// need signals again.
    static func insert(_ measurements: [RecordedMeasure], dyadIDs: [String: UUID], settings: MeasureSettings,
                       now: Date, by user: String, progress: (@Sendable (Int) -> Void)? = nil,
                       on db: any Database) async throws -> [SafeguardingAlert] {
        var alerts: [SafeguardingAlert] = []
        var measurementIDs: [String: UUID] = [:]
        try await RawSQL.insert(into: MeasurementModel.schema, columns: EvidenceRows.measurementColumns,
                                rows: zip(measurements, UUIDs.ascending(measurements.count)).map { measurement, id in
            measurementIDs[measurement.id] = id
            let result = try? measurement.score(settings)
            if let result {
                alerts += SafeguardingAlert.raised(by: measurement, result: result, at: now, by: user) { "" }
            }
            return EvidenceRows.row(measurement, result: result, id: id, dyadID: dyadIDs[measurement.dyadId]!)
        }, on: db, progress: progress)
        let withCodes = alerts.map { alert in
            var copy = alert
            copy.id = "\(alert.measurementId)-\(alert.kind.rawValue)"
            return copy
        }
        try await RawSQL.insert(into: SafeguardingAlertModel.schema, columns: EvidenceRows.alertColumns,
                                rows: zip(withCodes, UUIDs.ascending(withCodes.count)).map { alert, id in
            EvidenceRows.row(alert, id: id, dyadID: dyadIDs[alert.dyadId]!, measurementID: measurementIDs[alert.measurementId]!)
        }, on: db, progress: progress)
        try await gatherNeedSignals(ofDyads: Set(measurements.map(\.dyadId)).compactMap { dyadIDs[$0] }, on: db)
        return withCodes
    }

    /// Gathers the need signals of the given dyads' measures (every dyad's when nil) into
    /// `dyads.need_signals` (`AddDyadNeedSignals`): "timepoint stored-form" items joined by ';',
    /// as `NeedSignal.gathered` reads them; NULL for a dyad with none. Run in the transaction
    /// that stores the measures, through the index on each measure's signal.
    static func gatherNeedSignals(ofDyads ids: [UUID]?, on db: any Database) async throws {
        let signals = RawSQL.joined("\"m\".\"timepoint\" || ' ' || \"m\".\"need_signal\"", separator: ";", on: db)
        let update = """
            UPDATE "dyads" SET "need_signals" = (SELECT \(signals) FROM "measurements" AS "m"
                WHERE "m"."dyad_id" = "dyads"."id" AND "m"."need_signal" IS NOT NULL)
            """
        guard let ids else { return try await RawSQL.execute(update, on: db) }
        for start in stride(from: 0, to: ids.count, by: RawSQL.largestBoundList) {
            let batch = ids[start..<min(start + RawSQL.largestBoundList, ids.count)]
            try await RawSQL.execute(update + " WHERE \"id\" IN (\(RawSQL.placeholders(batch.count)))", batch.map { .uuid($0) }, on: db)
        }
    }

    /// One dyad's measures, in date order.
    static func measures(ofDyad dyad: DyadModel, on db: any Database) async throws -> [RecordedMeasure] {
        let id = try dyad.requireID(), codes = [id.uuidString: dyad.code]
        return try await RawSQL.rows(EvidenceRows.select(EvidenceRows.measurementColumns, from: MeasurementModel.schema)
                                     + " WHERE \"dyad_id\" = ? ORDER BY \"date\", \"code\"", [.uuid(id)], on: db) {
            try EvidenceRows.measurement($0, dyadCode: codes)
        }
    }

    /// Each dyad's scored measures and level of need, under the given settings.
    public static func dyadMeasures(settings: MeasureSettings = .standard, on database: any Database) async throws -> [DyadMeasures] {
        DyadMeasures.all(in: try await EvidenceStore.load(on: database), settings: settings)
    }

    /// Every dyad's level of need by code, from the need signals stored with the measures (see
    /// `AddNeedSignals`, gathered per dyad) and the dyads' social risk factors: what need against provision
    /// needs, without reading or scoring the measures' values.
    public static func needLevels(settings: MeasureSettings = .standard, on database: any Database) async throws -> [String: NeedLevel] {
        try await needs(settings: settings, on: database).mapValues(\.level)
    }

    /// Each dyad's need with its reasons, by code, from the need signals (as `needLevels`): for
    /// the dyads given, or every dyad. Pages use it in place of scoring the measures' values.
    /// Each dyad's signals are kept gathered in one text on her row ("before epds 14 0;after
    /// care_index 5", `gatherNeedSignals`), so that this reads one row per dyad and never the
    /// measures: at national scale, 120,000 short rows rather than 780,000 measures grouped.
    public static func needs(ofDyads codes: Set<String>? = nil, settings: MeasureSettings = .standard,
                             on database: any Database) async throws -> [String: NeedAssessment] {
        let scope = RawSQL.CodeFilter(codes)
        if scope.matchesNothing { return [:] }
        // Some dyads, named in a bound list.
        let narrowed = scope.condition(on: "\"code\"")
        // Only how many social risk factors a dyad has counts: a number, not the list.
        let riskFactors = RawSQL.isSQLite(database) ? "json_array_length(\"social_risk_factors\")" : "cardinality(\"social_risk_factors\")"
        let sql = "SELECT \"code\", \(riskFactors), \"need_signals\" FROM \"dyads\"" + (narrowed.map { " WHERE " + $0 } ?? "")
        let assess = { @Sendable (row: RawRow) throws -> (String, NeedAssessment) in
            let code = try row.required(0, "dyad", "code"), gathered = row.text(2) ?? ""
            guard let signals = NeedSignal.gathered(gathered, settings: settings) else {
                throw StoredDataError.invalidValue(record: "dyad \(code)", field: "need_signals", value: gathered)
            }
            return (code, settings.needRules.assess(socialRiskFactors: row.int(1) ?? 0, signals: signals[...]))
        }
        // Every dyad is a whole-table read (`WholeTableRead`).
        let rows = try await WholeTableRead.rows(sql, scope.binds, whole: codes == nil, columns: 3, on: database, assess)
        return Dictionary(scope.keeping(rows, code: \.0), uniquingKeysWith: { first, _ in first })
    }

    /// One dyad's level of need, reading only that dyad's measures.
    public static func need(ofDyad code: String, settings: MeasureSettings = .standard,
                            on database: any Database) async throws -> NeedAssessment? {
        guard let dyad = try await DyadModel.query(on: database).filter(\.$code == code).first() else { return nil }
        let measures = try await measures(ofDyad: dyad, on: database)
        let risks = dyad.socialRiskFactors.compactMap(SocialRiskFactor.init(rawValue:))
        return DyadMeasures(dyad: Dyad(id: code, socialRiskFactors: risks, consentToRecords: dyad.consentToRecords),
                            measurements: measures, settings: settings).need
    }
}
