/// Before -> after change in the study's main outcomes, per programme and overall.
public struct OutcomeSummary: Codable, Sendable {
    public struct Pair: Codable, Sendable {
        public let dyadId: String
        public let before: Double
        public let after: Double
    }

    public let instrument: Instrument
    public let measure: String
    /// nil for all programmes together.
    public let programmeId: String?
    public let pairs: [Pair]
    public let meanBefore: Computed<Double>
    public let meanAfter: Computed<Double>
    /// The paired t-test of after - before, with d_z and Hedges' g.
    public let test: Computed<PairedTTest>

    init(instrument: Instrument, measure: String, programmeId: String?, pairs: [Pair]) {
        self.instrument = instrument
        self.measure = measure
        self.programmeId = programmeId
        self.pairs = pairs
        meanBefore = Descriptive(pairs.map(\.before)).mean
        meanAfter = Descriptive(pairs.map(\.after)).mean
        test = PairedTTest.test(pairs.map(\.after), pairs.map(\.before))
    }
}

public enum Outcomes {
    /// The outcomes the study followed, with the headline score of each.
    public static let measures: [(instrument: Instrument, label: String)] = [
        (.epds, "EPDS total"), (.psi, "PSI-SF Total Stress"), (.careIndex, "CARE-Index sensitivity"),
    ]

    /// Per programme (in the given order) and overall, for every outcome measure.
    static func summarise(_ dyads: [DyadMeasures], programmeOf: [String: String], programmes: [String]) -> [OutcomeSummary] {
        var summaries: [OutcomeSummary] = []
        for (instrument, label) in measures {
            var pairsByProgramme: [String: [OutcomeSummary.Pair]] = [:]
            var all: [OutcomeSummary.Pair] = []
            for dyad in dyads {
                let score = { (timepoint: Timepoint) -> Int? in
                    dyad.scored.first { $0.measurement.instrument == instrument && $0.measurement.timepoint == timepoint }
                        .flatMap { DyadMeasures.headline($0.result) }
                }
                guard let before = score(.before), let after = score(.after) else { continue }
                let pair = OutcomeSummary.Pair(dyadId: dyad.dyadId, before: Double(before), after: Double(after))
                all.append(pair)
                if let programme = programmeOf[dyad.dyadId] { pairsByProgramme[programme, default: []].append(pair) }
            }
            for programme in programmes {
                summaries.append(OutcomeSummary(instrument: instrument, measure: label, programmeId: programme,
                                                pairs: pairsByProgramme[programme] ?? []))
            }
            summaries.append(OutcomeSummary(instrument: instrument, measure: label, programmeId: nil, pairs: all))
        }
        return summaries
    }
}
