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

    /// After minus before, per instrument with a headline score and both timepoints.
    public var changes: [Instrument: Int] {
        var changes: [Instrument: Int] = [:]
        for instrument in Instrument.allCases {
            let of = { (timepoint: Timepoint) in
                self.scored.first { $0.measurement.instrument == instrument && $0.measurement.timepoint == timepoint }
                    .flatMap { Self.headline($0.result) }
            }
            if let before = of(.before), let after = of(.after) { changes[instrument] = after - before }
        }
        return changes
    }
}
