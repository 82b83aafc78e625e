import AttuneCore
import FluentKit
import Foundation

/// Records measures and their safeguarding alerts, and reads them back.
public enum MeasureStore {
    /// Saves one measure for a dyad already in the database, in one transaction with the alerts
    /// it raises. A measure that cannot be scored, dated in the future, dated before the dyad's
    /// earlier measure, or for an unknown dyad stores nothing.
    /// - Parameter centre: the centre whose staff recorded it, which alone then sees it and its
    ///   alerts among her centres; nil for a measure every centre that invited her sees.
    /// - Parameter numberingRepeats: when her measures hold `measurement.id` already (a repeat
    ///   of a stage), store it as "<id>-2", "<id>-3"... instead of refusing it.
    @discardableResult
    public static func record(_ given: RecordedMeasure, settings: MeasureSettings = .standard, today: CalendarDate,
                              now: Date, by user: String, centre: String? = nil, numberingRepeats: Bool = false,
                              on database: any Database) async throws -> (MeasureResult, [SafeguardingAlert]) {
        try await database.writeTransaction { db in
            var measurement = given
            // Her row first, locked for the rest of the transaction on PostgreSQL (on SQLite the
            // whole database is, `writeTransaction`): two measures saved for her at once are then
            // checked against each other and both gathered into her need, one after the other.
            try await RawSQL.execute("UPDATE \"dyads\" SET \"need_signals\" = \"need_signals\" WHERE \"code\" = ?",
                                     [.text(measurement.dyadId)], on: db)
            guard let dyad = try await DyadModel.query(on: db).filter(\.$code == measurement.dyadId).first() else {
                throw MeasureInputError(measurement.instrument.name, field: "dyad_id", "no dyad has the id \(measurement.dyadId)")
            }
            if try await Erasure.erasedAt(dyad: dyad.code, on: db) != nil {
                throw MeasureInputError(measurement.instrument.name, field: "dyad_id", "her record was erased at her request; no measure is added to it")
            }
            let existing = try await measures(ofDyad: dyad, on: db)
            if numberingRepeats {
                let taken = Set(try await RawSQL.rows("SELECT \"code\" FROM \"measurements\" WHERE \"code\" LIKE ?", [.text(given.id + "%")], on: db) {
                    $0.text(0) ?? ""
                })
                var number = 2
                while taken.contains(measurement.id) { measurement.id = "\(given.id)-\(number)"; number += 1 }
            }
            if existing.contains(where: { $0.id == measurement.id }) {
                throw MeasureInputError(measurement.instrument.name, field: "id", "a measure with the id \(measurement.id) already exists")
            }
            try MeasurementValidator.check(measurement, existing: existing, today: today,
                                           bornOn: try EvidenceStore.date(dyad.infantDateOfBirth, "dyad \(dyad.code)", "infant_date_of_birth"))
            let result = try measurement.score(settings)
            let alerts = try await insert([measurement], scored: [result], dyadIDs: [dyad.code: try dyad.requireID()],
                                          gatheringNeedSignals: true, now: now, by: user, on: db)
            if let centre {
                try await RawSQL.execute("""
                    UPDATE "measurements" SET "centre_id" = (SELECT "id" FROM "centres" WHERE "code" = ?) WHERE "code" = ?
                    """, [.text(centre), .text(measurement.id)], on: db)
            }
            try await ActivityLog.record(.create, kind: "measure", code: measurement.id, dyad: measurement.dyadId,
                                         summary: "Recorded \(measurement.instrument.name) \(measurement.timepoint.phrase) for \(measurement.dyadId)", at: now, on: db)
            for alert in alerts {
                try await ActivityLog.record(.alertRaised, kind: "alert", code: alert.id, dyad: measurement.dyadId,
                                             summary: "Safeguarding alert \(alert.id) raised (\(alert.kind.rawValue))", at: now, on: db)
            }
            // Her need may have moved: her programmes' need counts with it.
            try await ProfileStore.refresh(programmesOfDyads: [measurement.dyadId], on: db)
            return (result, alerts)
        }
    }

    /// Inserts measures (already checked), with `scored` their results (nil for one whose
    /// values do not score), and the alerts they raise. `gatheringNeedSignals`: gather their
    /// dyads' need signals again afterwards; false where the dyads were written with them.
    static func insert(_ measurements: [RecordedMeasure], scored: [MeasureResult?], dyadIDs: [String: UUID],
                       gatheringNeedSignals: Bool, now: Date, by user: String, progress: (@Sendable (Int) -> Void)? = nil,
                       on db: any Database) async throws -> [SafeguardingAlert] {
        let rows = try rows(of: measurements, scored: scored, dyadIDs: dyadIDs, now: now, by: user)
        try await insert(rows, progress: progress, on: db)
        if gatheringNeedSignals {
            try await gatherNeedSignals(ofDyads: Set(measurements.map(\.dyadId)).compactMap { dyadIDs[$0] }, on: db)
        }
        return rows.alerts
    }

    /// Measures' rows and their alerts' rows, made before they are written (on another core,
    /// for a national load: `EvidenceStore.saveIntoEmptyDatabase`).
    struct Rows: Sendable {
        var measurements: [[SQLValue]] = [], alerts: [SafeguardingAlert] = [], alertRows: [[SQLValue]] = []
    }

    /// The rows of measures already checked, with `scored` their results (nil for one whose
    /// values do not score), and of the alerts they raise.
    static func rows(of measurements: [RecordedMeasure], scored: [MeasureResult?], dyadIDs: [String: UUID],
                     now: Date, by user: String) throws -> Rows {
        precondition(scored.count == measurements.count, "one result per measure")
        var rows = Rows(), alerts: [SafeguardingAlert] = []
        var measurementIDs: [String: UUID] = [:]
        rows.measurements = try zip(zip(measurements, scored), UUIDs.ascending(measurements.count)).map { measured, id in
            let (measurement, result) = measured
            measurementIDs[measurement.id] = id
            if let result {
                alerts += SafeguardingAlert.raised(by: measurement, result: result, at: now, by: user) { "" }
            }
            let dyadID = try EvidenceStore.rowID(dyadIDs, measurement.dyadId, "dyad", namedBy: "measurement \(measurement.id)", "dyad_id")
            return EvidenceRows.row(measurement, result: result, id: id, dyadID: dyadID)
        }
        rows.alerts = alerts.map { alert in
            var copy = alert
            copy.id = "\(alert.measurementId)-\(alert.kind.rawValue)"
            return copy
        }
        // Each alert's dyad and measure are those of a measure just numbered.
        rows.alertRows = zip(rows.alerts, UUIDs.ascending(rows.alerts.count)).map { alert, id in
            EvidenceRows.row(alert, id: id, dyadID: dyadIDs[alert.dyadId]!, measurementID: measurementIDs[alert.measurementId]!)
        }
        return rows
    }

    /// Writes measures' and alerts' rows (`rows(of:)`).
    static func insert(_ rows: Rows, progress: (@Sendable (Int) -> Void)? = nil, on db: any Database) async throws {
        try await RawSQL.insert(into: MeasurementModel.schema, columns: EvidenceRows.measurementColumns, rows: rows.measurements,
                                on: db, progress: progress)
        try await RawSQL.insert(into: SafeguardingAlertModel.schema, columns: EvidenceRows.alertColumns, rows: rows.alertRows,
                                on: db, progress: progress)
    }

    /// Gathers the need signals of the given dyads' measures (every dyad's when nil) into
    /// `dyads.need_signals` (`AddDyadNeedSignals`): "timepoint stored-form" items joined by ';',
    /// as `NeedSignal.gathered` reads them. Run in the transaction that stores the measures.
    /// The measures are grouped once and joined to the dyads (`UPDATE ... FROM`, on both
    /// engines), through the index on each measure's signal: a subquery per dyad took
    /// PostgreSQL 46 s for a national dataset's 120,000 dyads. A dyad with no signal is left
    /// as it is, NULL: measures are never removed, so her signals only ever grow.
    static func gatherNeedSignals(ofDyads ids: [UUID]?, on db: any Database) async throws {
        if let ids, ids.isEmpty { return }
        // More than can be bound: every dyad's, which rewrites the others as they were.
        let bound = ids.flatMap { $0.count <= RawSQL.largestBoundList ? $0 : nil }
        let signals = RawSQL.joined("\"m\".\"timepoint\" || ' ' || \"m\".\"need_signal\"", separator: ";", on: db)
        let dyadCondition = bound.map { " AND \"m\".\"dyad_id\" IN (\(RawSQL.placeholders($0.count)))" } ?? ""
        try await RawSQL.execute("""
            UPDATE "dyads" SET "need_signals" = "g"."signals" FROM (
                SELECT "m"."dyad_id", \(signals) AS "signals" FROM "measurements" AS "m"
                WHERE "m"."need_signal" IS NOT NULL\(dyadCondition) GROUP BY "m"."dyad_id") AS "g"
            WHERE "dyads"."id" = "g"."dyad_id"
            """, bound?.map { .uuid($0) } ?? [], on: db)
    }

    /// One dyad's measures, in date order.
    /// Which of a dyad's measures were recorded by a centre outside `centres` (every one of hers
    /// is visible when nil): as instrument and timepoint, of which she has at most one of each.
    public static func recordedOutside(centres: Set<String>?, dyad: String,
                                       on database: any Database) async throws -> Set<MeasureSlot> {
        guard let centres else { return [] }
        let binds: [SQLValue] = [.text(dyad)] + centres.sorted().map { .text($0) }
        let slots = try await RawSQL.rows("""
            SELECT "m"."instrument", "m"."timepoint" FROM "measurements" AS "m" JOIN "dyads" AS "d" ON "d"."id" = "m"."dyad_id"
            JOIN "centres" AS "c" ON "c"."id" = "m"."centre_id"
            WHERE "d"."code" = ?\(centres.isEmpty ? "" : " AND \"c\".\"code\" NOT IN (\(RawSQL.placeholders(centres.count)))")
            """, binds, on: database) { MeasureSlot(instrument: $0.text(0) ?? "", timepoint: $0.text(1) ?? "") }
        return Set(slots)
    }

    /// Her measures (mother `code`), in date order; none for a code no mother has.
    public static func measures(ofDyad code: String, on database: any Database) async throws -> [RecordedMeasure] {
        guard let dyad = try await DyadModel.query(on: database).filter(\.$code == code).first() else { return [] }
        return try await measures(ofDyad: dyad, on: database)
    }

    static func measures(ofDyad dyad: DyadModel, on db: any Database) async throws -> [RecordedMeasure] {
        let id = try dyad.requireID(), codes = RowCodes(ids: [id.uuidString], codes: [dyad.code])
        return try await RawSQL.rows(EvidenceRows.select(EvidenceRows.measurementColumns, from: MeasurementModel.schema)
                                     + " WHERE \"dyad_id\" = ?" + RawSQL.orderBy(["\"date\"", "\"code\""], on: db), [.uuid(id)], on: db) {
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
        let rows = try await RawSQL.rows(sql, scope.binds, on: database, assess)
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

/// One of a dyad's measures by what it is: she has at most one per instrument and timepoint.
public struct MeasureSlot: Hashable, Sendable {
    public let instrument: String
    public let timepoint: String

    public init(instrument: String, timepoint: String) {
        self.instrument = instrument
        self.timepoint = timepoint
    }
}

extension MeasureStore {
    /// Deletes measure `code` of dyad `dyad` for `reason`, never silently: what it was is kept
    /// in her corrections history (`ChangeStore`, kind "dyad"), her need is gathered again
    /// and her programmes' profiles follow. A measure that raised a safeguarding alert is kept
    /// with its alert: refused, by field ("reason").
    public static func delete(code: String, ofDyad dyad: String, reason: String, by user: String, now: Date,
                              on database: any Database) async throws {
        let record = "measure \(code)"
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw FormProblems(record, ["reason": "Say why the measure is deleted."]) }
        if let problem = FreeText.problem(reason) { throw FormProblems(record, ["reason": problem]) }
        try await database.writeTransaction { db in
            guard let model = try await DyadModel.query(on: db).filter(\.$code == dyad).first() else {
                throw FormProblems(record, ["reason": "No mother has the code \(dyad)."])
            }
            let dyadID = try model.requireID()
            guard let measure = try await measures(ofDyad: model, on: db).first(where: { $0.id == code }) else {
                throw FormProblems(record, ["reason": "She has no measure \(code)."])
            }
            let alerts = try await RawSQL.rows("SELECT COUNT(*) FROM \"safeguarding_alerts\" AS \"a\" JOIN \"measurements\" AS \"m\" ON \"m\".\"id\" = \"a\".\"measurement_id\""
                                               + " WHERE \"m\".\"code\" = ?", [.text(code)], on: db) { $0.int(0) ?? 0 }.first ?? 0
            guard alerts == 0 else {
                throw FormProblems(record, ["reason": "This measure raised a safeguarding alert and is kept with it. If its scores are wrong, correct them instead."])
            }
            let summary = (try? measure.score().summary) ?? measure.instrument.name
            try await RawSQL.execute("DELETE FROM \"measurements\" WHERE \"code\" = ?", [.text(code)], on: db)
            try await RawSQL.execute("UPDATE \"dyads\" SET \"need_signals\" = NULL WHERE \"id\" = ?", [.uuid(dyadID)], on: db)
            try await gatherNeedSignals(ofDyads: [dyadID], on: db)
            // Kept with her record's corrections, where her registration page lists them.
            try await ChangeStore.keep([RecordChange(field: "measure \(code)", label: "\(measure.instrument.name) \(measure.timepoint.phrase), \(measure.date)",
                                                     old: summary, new: "deleted")],
                                       kind: "dyad", code: dyad, programme: nil, reason: reason, by: user, at: now, on: db)
            try await ProfileStore.refresh(programmesOfDyads: [dyad], on: db)
        }
    }
}

extension MeasureStore {
    /// Corrects measure `code` of dyad `dyad` to `corrected`'s stage, date and scores, for
    /// `reason`, in one transaction: checked as a new measure is (against her other measures,
    /// the baby's birth and today), scored again, what it was and what it became kept in her
    /// corrections history (`ChangeStore`, kind "dyad"), her need gathered again and her
    /// programmes' profiles following. Alerts the measure raised stay, with their record; an
    /// alert the corrected scores raise that it had not raised is raised now.
    /// Refused, by field, with nothing saved: no reason, nothing changed, or scores that do not
    /// score (`MeasureInputError`).
    @discardableResult
    public static func correct(code: String, ofDyad dyad: String, to corrected: RecordedMeasure, reason: String,
                               settings: MeasureSettings = .standard, today: CalendarDate, by user: String, now: Date,
                               on database: any Database) async throws -> (MeasureResult, [SafeguardingAlert]) {
        let record = "measure \(code)"
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw FormProblems(record, ["reason": "Say why the measure is corrected."]) }
        if let problem = FreeText.problem(reason) { throw FormProblems(record, ["reason": problem]) }
        return try await database.writeTransaction { db in
            // Her row first, locked as `record` locks it.
            try await RawSQL.execute("UPDATE \"dyads\" SET \"need_signals\" = \"need_signals\" WHERE \"code\" = ?", [.text(dyad)], on: db)
            guard let model = try await DyadModel.query(on: db).filter(\.$code == dyad).first() else {
                throw FormProblems(record, ["reason": "No mother has the code \(dyad)."])
            }
            if try await Erasure.erasedAt(dyad: dyad, on: db) != nil {
                throw FormProblems(record, ["reason": "Her record was erased at her request; its measures are not corrected."])
            }
            let dyadID = try model.requireID()
            let existing = try await measures(ofDyad: model, on: db)
            guard let old = existing.first(where: { $0.id == code }) else { throw FormProblems(record, ["reason": "She has no measure \(code)."]) }
            // The same measure: its code, her, and its instrument stay.
            var new = corrected
            new.id = old.id
            new.dyadId = old.dyadId
            new.instrument = old.instrument
            try MeasurementValidator.check(new, existing: existing.filter { $0.id != code }, today: today,
                                           bornOn: try EvidenceStore.date(model.infantDateOfBirth, "dyad \(dyad)", "infant_date_of_birth"))
            let result = try new.score(settings)
            let oldSummary = (try? old.score(settings).summary) ?? old.instrument.name
            let label = "\(old.instrument.name) \(old.timepoint.phrase), \(old.date)"
            var changes: [RecordChange] = []
            if new.timepoint != old.timepoint {
                changes.append(RecordChange(field: "measure \(code).timepoint", label: "\(label): stage", old: old.timepoint.phrase, new: new.timepoint.phrase))
            }
            if new.date != old.date {
                changes.append(RecordChange(field: "measure \(code).date", label: "\(label): date", old: old.date.description, new: new.date.description))
            }
            if new.administeredBy != old.administeredBy {
                changes.append(RecordChange(field: "measure \(code).administered_by", label: "\(label): given by", old: old.administeredBy, new: new.administeredBy))
            }
            if MeasureValues(new) != MeasureValues(old) {
                changes.append(RecordChange(field: "measure \(code).values", label: "\(label): scores", old: oldSummary, new: result.summary))
            }
            guard !changes.isEmpty else {
                throw FormProblems(record, ["values": "Nothing differs from what is kept: change the scores, the stage or the date, or go back."])
            }
            // Its row is written again from the same mapping a new measure's is, all but its ids.
            let columns = EvidenceRows.measurementColumns
            let row = EvidenceRows.row(new, result: result, id: UUID(), dyadID: dyadID)
            let kept: Set<String> = ["id", "code", "dyad_id"]
            let assigned = zip(columns, row).filter { !kept.contains($0.0) }
            try await RawSQL.execute("UPDATE \"measurements\" SET " + assigned.map { "\"\($0.0)\" = ?" }.joined(separator: ", ")
                                     + " WHERE \"code\" = ?", assigned.map(\.1) + [.text(code)], on: db)
            try await RawSQL.execute("UPDATE \"dyads\" SET \"need_signals\" = NULL WHERE \"id\" = ?", [.uuid(dyadID)], on: db)
            try await gatherNeedSignals(ofDyads: [dyadID], on: db)
            // Alerts: those it raised stay; those its corrected scores raise afresh are added.
            guard let measurementID = try await RawSQL.rows("SELECT \"id\" FROM \"measurements\" WHERE \"code\" = ?", [.text(code)], on: db, {
                $0.text(0).flatMap(UUID.init(uuidString:))
            }).first ?? nil else {
                throw StoredDataError.invalidValue(record: record, field: "id", value: "not found after it was written")
            }
            let raisedBefore = Set(try await RawSQL.rows("SELECT \"code\" FROM \"safeguarding_alerts\" WHERE \"measurement_id\" = ?",
                                                         [.uuid(measurementID)], on: db) { $0.text(0) ?? "" })
            let alerts = SafeguardingAlert.raised(by: new, result: result, at: now, by: user) { "" }
                .map { alert in var copy = alert; copy.id = "\(code)-\(alert.kind.rawValue)"; return copy }
                .filter { !raisedBefore.contains($0.id) }
            try await RawSQL.insert(into: SafeguardingAlertModel.schema, columns: EvidenceRows.alertColumns, rows: zip(alerts, UUIDs.ascending(alerts.count)).map {
                EvidenceRows.row($0, id: $1, dyadID: dyadID, measurementID: measurementID)
            }, on: db)
            try await ChangeStore.keep(changes, kind: "dyad", code: dyad, programme: nil, reason: reason, by: user, at: now, on: db)
            for alert in alerts {
                try await ActivityLog.record(.alertRaised, kind: "alert", code: alert.id, dyad: dyad,
                                             summary: "Safeguarding alert \(alert.id) raised (\(alert.kind.rawValue)) by a corrected measure", at: now, on: db)
            }
            try await ProfileStore.refresh(programmesOfDyads: [dyad], on: db)
            return (result, alerts)
        }
    }
}
