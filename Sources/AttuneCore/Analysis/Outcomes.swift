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
    /// A dyad's headline scores before and after, per outcome instrument.
    struct Headlines: Sendable {
        var before: [Instrument: Int] = [:]
        var after: [Instrument: Int] = [:]

        mutating func record(_ instrument: Instrument, _ timepoint: Timepoint, _ score: Int) {
            switch timepoint {
            case .before: before[instrument] = score
            case .after: after[instrument] = score
            case .followUp: break
            }
        }
    }

    static func summarise(_ headlines: [String: Headlines], programmeOf: [String: String], programmes: [String]) -> [OutcomeSummary] {
        var summaries: [OutcomeSummary] = []
        let dyads = headlines.keys.sorted()
        for (instrument, label) in measures {
            var pairsByProgramme: [String: [OutcomeSummary.Pair]] = [:]
            var all: [OutcomeSummary.Pair] = []
            for dyad in dyads {
                guard let before = headlines[dyad]?.before[instrument], let after = headlines[dyad]?.after[instrument] else { continue }
                let pair = OutcomeSummary.Pair(dyadId: dyad, before: Double(before), after: Double(after))
                all.append(pair)
                if let programme = programmeOf[dyad] { pairsByProgramme[programme, default: []].append(pair) }
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
