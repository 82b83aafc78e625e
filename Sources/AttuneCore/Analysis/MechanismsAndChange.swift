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
        let byProgramme = Dictionary(grouping: outcomes.filter { $0.programmeId != nil }, by: { $0.programmeId! })
        rows = profiles.map { profile in
            var changes: [String: Double] = [:]
            for summary in byProgramme[profile.programme.id] ?? [] {
                if let test = summary.test.value { changes[summary.measure] = test.meanDifference }
            }
            return Row(programmeId: profile.programme.id, mechanismTotal: profile.total, meanChange: changes)
        }
        let rows = self.rows
        matrix = CorrelationMatrix(columns: [("Mechanism total", rows.map { Double($0.mechanismTotal) })]
            + Outcomes.measures.map { measure in ("Change in \(measure.label)", rows.map { $0.meanChange[measure.label] }) })
    }
}
