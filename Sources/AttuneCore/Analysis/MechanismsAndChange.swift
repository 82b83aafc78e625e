/// Does more provision go with more change? Each programme's mechanism total against the mean
/// before -> after change in each outcome, as a correlation matrix with pairwise n.
public struct MechanismsAndChange: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public let programmeId: String
        public let mechanismTotal: Int
        /// Mean change (after - before) per outcome label; absent when no pairs.
        public let meanChange: [String: Double]
    }

    public let rows: [Row]
    public let matrix: CorrelationMatrix

    init(profiles: [ProgrammeProfile], outcomes: [OutcomeSummary]) {
        // One pass over the outcomes, not a copy of them grouped by programme.
        var changesByProgramme: [String: [String: Double]] = [:]
        for summary in outcomes {
            guard let programme = summary.programmeId, let test = summary.test.value else { continue }
            changesByProgramme[programme, default: [:]][summary.measure] = test.meanDifference
        }
        rows = profiles.map { profile in
            Row(programmeId: profile.programme.id, mechanismTotal: profile.total,
                meanChange: changesByProgramme[profile.programme.id] ?? [:])
        }
        let rows = self.rows
        matrix = CorrelationMatrix(columns: [("Mechanism total", rows.map { Double($0.mechanismTotal) })]
            + Outcomes.measures.map { measure in ("Change in \(measure.label)", rows.map { $0.meanChange[measure.label] }) })
    }
}
