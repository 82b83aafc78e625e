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

    /// A dyad's headline scores before and after, per outcome instrument. Plain fields, not
    /// dictionaries: one is kept for every dyad of a national dataset.
    struct Headlines: Sendable {
        private var epds = BeforeAfter(), psi = BeforeAfter(), careIndex = BeforeAfter()

        struct BeforeAfter: Sendable {
            var before: Int?
            var after: Int?
        }

        /// A later measure at the same timepoint replaces an earlier one.
        mutating func record(_ instrument: Instrument, _ timepoint: Timepoint, _ score: Int) {
            switch instrument {
            case .epds: Self.record(&epds, timepoint, score)
            case .psi: Self.record(&psi, timepoint, score)
            case .careIndex: Self.record(&careIndex, timepoint, score)
            case .itq, .wmci: break // no headline score
            }
        }

        private static func record(_ scores: inout BeforeAfter, _ timepoint: Timepoint, _ score: Int) {
            switch timepoint {
            case .before: scores.before = score
            case .after: scores.after = score
            case .followUp: break
            }
        }

        /// Both scores, when the instrument was measured before and after.
        func pair(_ instrument: Instrument) -> (before: Int, after: Int)? {
            let scores: BeforeAfter
            switch instrument {
            case .epds: scores = epds
            case .psi: scores = psi
            case .careIndex: scores = careIndex
            case .itq, .wmci: return nil
            }
            guard let before = scores.before, let after = scores.after else { return nil }
            return (before, after)
        }
    }

    /// Per programme (in the given order) and overall, for every outcome measure. Dyads are
    /// numbered (see `DyadNumbering`): `headlines` and `programmeOf` are indexed by dyad number,
    /// and `programmeOf` holds a programme's group number; `programmeGroups[i]` is the group of
    /// `programmes[i]` (a repeated programme id shares the group of its first position).
    static func summarise(_ headlines: [Headlines], dyadIds: [String], programmeOf: [Int?],
                          programmes: [String], programmeGroups: [Int]) -> [OutcomeSummary] {
        var summaries: [OutcomeSummary] = []
        // Pairs are listed in order of dyad id.
        let dyads = headlines.indices.sorted { dyadIds[$0] < dyadIds[$1] }
        for (instrument, label) in measures {
            var pairsByProgramme = [[OutcomeSummary.Pair]](repeating: [], count: programmes.count)
            var all: [OutcomeSummary.Pair] = []
            for dyad in dyads {
                guard let (before, after) = headlines[dyad].pair(instrument) else { continue }
                let pair = OutcomeSummary.Pair(dyadId: dyadIds[dyad], before: Double(before), after: Double(after))
                all.append(pair)
                if let programme = programmeOf[dyad] { pairsByProgramme[programme].append(pair) }
            }
            for (programme, group) in zip(programmes, programmeGroups) {
                summaries.append(OutcomeSummary(instrument: instrument, measure: label, programmeId: programme,
                                                pairs: pairsByProgramme[group]))
            }
            summaries.append(OutcomeSummary(instrument: instrument, measure: label, programmeId: nil, pairs: all))
        }
        return summaries
    }
}
