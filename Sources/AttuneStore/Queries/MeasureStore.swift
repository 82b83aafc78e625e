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
        try await database.transaction { db in
            guard let dyad = try await DyadModel.query(on: db).filter(\.$code == measurement.dyadId).first() else {
                throw MeasureInputError(measurement.instrument.name, field: "dyad_id", "no dyad has the id \(measurement.dyadId)")
            }
            let existing = try await MeasurementModel.query(on: db).filter(\.$dyad.$id == dyad.requireID()).all()
                .map { try domain($0, dyadCode: dyad.code) }
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

    /// Inserts measures (already checked) and the alerts they raise.
    static func insert(_ measurements: [RecordedMeasure], dyadIDs: [String: UUID], settings: MeasureSettings,
                       now: Date, by user: String, writer: BatchWriter = BatchWriter(), on db: any Database) async throws -> [SafeguardingAlert] {
        var alerts: [SafeguardingAlert] = []
        var measurementIDs: [String: UUID] = [:]
        try await writer.create(measurements.map { measurement in
            let model = MeasurementModel()
            model.id = UUID()
            model.code = measurement.id
            model.$dyad.id = dyadIDs[measurement.dyadId]!
            model.instrument = measurement.instrument.rawValue
            model.timepoint = measurement.timepoint.rawValue
            model.date = measurement.date.description
            model.administeredBy = measurement.administeredBy
            model.values = MeasureValues(measurement).json
            measurementIDs[measurement.id] = model.id
            if let result = try? measurement.score(settings) {
                alerts += SafeguardingAlert.raised(by: measurement, result: result, at: now, by: user) { "" }
            }
            return model
        }, on: db)
        let withCodes = alerts.map { alert in
            var copy = alert
            copy.id = "\(alert.measurementId)-\(alert.kind.rawValue)"
            return copy
        }
        try await writer.create(withCodes.map { alert in
            let model = SafeguardingAlertModel()
            model.code = alert.id
            model.$dyad.id = dyadIDs[alert.dyadId]!
            model.$measurement.id = measurementIDs[alert.measurementId]!
            model.kind = alert.kind.rawValue
            model.reason = alert.reason
            model.dueBy = alert.dueBy.description
            model.raisedAt = alert.raisedAt
            model.raisedBy = alert.raisedBy
            return model
        }, on: db)
        return withCodes
    }

    /// Every measure in the database, in date order. `dyadCodes` maps dyad row ids to codes
    /// when the caller has already loaded the dyads.
    /// - Parameter onlyThese: read only these dyads' measures (a scoped page); all when false.
    public static func all(dyadCodes: [UUID: String]? = nil, onlyThese: Bool = false, on database: any Database) async throws -> [RecordedMeasure] {
        var codes = dyadCodes ?? [:]
        if dyadCodes == nil {
            codes = Dictionary(uniqueKeysWithValues: try await DyadModel.query(on: database).all().map { ($0.id!, $0.code) })
        }
        var query = MeasurementModel.query(on: database)
        if onlyThese { query = query.filter(\.$dyad.$id ~~ Array(codes.keys)) }
        return try await query.sort(\.$date).sort(\.$code).all()
            .map { try domain($0, dyadCode: codes[$0.$dyad.id] ?? "?") }
    }

    /// Each dyad's scored measures and level of need, under the given settings.
    public static func dyadMeasures(settings: MeasureSettings = .standard, on database: any Database) async throws -> [DyadMeasures] {
        let document = try await EvidenceStore.load(on: database)
        let byDyad = Dictionary(grouping: document.measurements, by: \.dyadId)
        return document.dyads.map { DyadMeasures(dyad: $0, measurements: byDyad[$0.id] ?? [], settings: settings) }
    }

    /// One dyad's level of need, reading only that dyad's measures.
    public static func need(ofDyad code: String, settings: MeasureSettings = .standard,
                            on database: any Database) async throws -> NeedAssessment? {
        guard let dyad = try await DyadModel.query(on: database).filter(\.$code == code).first() else { return nil }
        let measures = try await MeasurementModel.query(on: database).filter(\.$dyad.$id == dyad.requireID()).all()
            .map { try domain($0, dyadCode: code) }
        let risks = dyad.socialRiskFactors.compactMap(SocialRiskFactor.init(rawValue:))
        return DyadMeasures(dyad: Dyad(id: code, socialRiskFactors: risks, consentToRecords: dyad.consentToRecords),
                            measurements: measures, settings: settings).need
    }

    static func domain(_ model: MeasurementModel, dyadCode: String) throws -> RecordedMeasure {
        guard let instrument = Instrument(rawValue: model.instrument) else {
            throw StoredDataError.invalidValue(record: "measurement \(model.code)", field: "instrument", value: model.instrument)
        }
        guard let timepoint = Timepoint(rawValue: model.timepoint) else {
            throw StoredDataError.invalidValue(record: "measurement \(model.code)", field: "timepoint", value: model.timepoint)
        }
        guard let date = CalendarDate(model.date) else {
            throw StoredDataError.invalidValue(record: "measurement \(model.code)", field: "date", value: model.date)
        }
        guard let values = MeasureValues(json: model.values) else {
            throw StoredDataError.invalidValue(record: "measurement \(model.code)", field: "values", value: model.values)
        }
        return RecordedMeasure(id: model.code, dyadId: dyadCode, instrument: instrument, timepoint: timepoint, date: date,
                           administeredBy: model.administeredBy, itemScores: values.itemScores,
                           subscaleScores: values.subscaleScores, categoryScores: values.categoryScores,
                           scales: values.scales, classification: values.classification)
    }
}

/// The values of a measure as stored: exactly what was entered.
struct MeasureValues: Codable {
    var itemScores: [Int]?
    var subscaleScores: [Int]?
    var categoryScores: [Double]?
    var scales: [String: Int]?
    var classification: String?

    init(_ measurement: RecordedMeasure) {
        itemScores = measurement.itemScores
        subscaleScores = measurement.subscaleScores
        categoryScores = measurement.categoryScores
        scales = measurement.scales
        classification = measurement.classification
    }

    init?(json: String) {
        guard let value = try? JSONDecoder().decode(MeasureValues.self, from: Data(json.utf8)) else { return nil }
        self = value
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
