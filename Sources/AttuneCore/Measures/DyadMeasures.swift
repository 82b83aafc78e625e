/// Everything measured for one dyad, scored with the site's settings: results by timepoint,
/// change scores before -> after, and the level of need with its reason.
public struct DyadMeasures: Sendable {
    public let dyadId: String
    public let scored: [(measurement: RecordedMeasure, result: MeasureResult)]
    public let need: NeedAssessment

    /// Measurements that cannot be scored with the current settings are reported, not hidden.
    public let unscorable: [(measurement: RecordedMeasure, problem: MeasureInputError)]

    public init(dyad: Dyad, measurements: [RecordedMeasure], settings: MeasureSettings = .standard) {
        dyadId = dyad.id
        var scored: [(measurement: RecordedMeasure, result: MeasureResult)] = []
        var unscorable: [(measurement: RecordedMeasure, problem: MeasureInputError)] = []
        for measurement in measurements.count > 1 ? measurements.sorted(by: { $0.date < $1.date }) : measurements {
            do { scored.append((measurement, try measurement.score(settings))) } catch { unscorable.append((measurement, error)) }
        }
        self.scored = scored
        self.unscorable = unscorable
        need = settings.needRules.assess(socialRiskFactors: dyad.socialRiskFactors.count,
                                         measures: scored.map { ScoredMeasure(timepoint: $0.measurement.timepoint, result: $0.result) })
    }

    /// Every dyad of a document with its measures, in the document's order.
    public static func all(in document: EvidenceDocument, settings: MeasureSettings = .standard) -> [DyadMeasures] {
        let byDyad = Dictionary(grouping: document.measurements, by: \.dyadId)
        return document.dyads.map { DyadMeasures(dyad: $0, measurements: byDyad[$0.id] ?? [], settings: settings) }
    }

    /// Each dyad's need by id, scored from a document's measures (a repeated id keeps its first).
    public static func needs(in document: EvidenceDocument, settings: MeasureSettings = .standard) -> [String: NeedAssessment] {
        Dictionary(all(in: document, settings: settings).map { ($0.dyadId, $0.need) }, uniquingKeysWith: { first, _ in first })
    }

    /// The headline score of a result for change over time: EPDS total, PSI Total Stress,
    /// CARE-Index sensitivity; nil for instruments without one.
    public static func headline(_ result: MeasureResult) -> Int? {
        switch result {
        case .epds(let score): score.total
        case .psi(let score): score.totalStress
        case .careIndex(let score): score.sensitivity
        case .temperament, .wmci: nil
        }
    }

    /// After minus before, per instrument with a headline score and both timepoints. Of a
    /// stage measured more than once, the latest measure counts (as in `Outcomes`).
    public var changes: [Instrument: Int] {
        var changes: [Instrument: Int] = [:]
        for instrument in Instrument.allCases {
            let of = { (timepoint: Timepoint) in
                self.scored.filter { $0.measurement.instrument == instrument && $0.measurement.timepoint == timepoint }
                    .max { ($0.measurement.date, $0.measurement.id) < ($1.measurement.date, $1.measurement.id) }
                    .flatMap { Self.headline($0.result) }
            }
            if let before = of(.before), let after = of(.after) { changes[instrument] = after - before }
        }
        return changes
    }
}
