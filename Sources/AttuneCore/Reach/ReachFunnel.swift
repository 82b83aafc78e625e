/// One row of the evaluation's reach chart: invited, consented, attended at least once,
/// completed. Taken from `ReachAnalysis`, which holds the rules (what consent and completion
/// mean), so the report, `attune reach` and the pages always agree.
public struct ReachFunnel: Codable, Equatable, Sendable {
    public let programmeId: String?
    public let invited: Int
    public let consented: Int
    public let attendedOnce: Int
    public let completed: Int
    public let completionShare: Double

    public static let defaultCompletionShare = ReachAnalysis.defaultCompletionShare

    public init(_ breakdown: ReachBreakdown, completionShare: Double) {
        programmeId = breakdown.scope == .all ? nil : breakdown.id
        invited = breakdown.total.invited
        consented = breakdown.total.consented
        attendedOnce = breakdown.total.attendedOnce
        completed = breakdown.total.completed
        self.completionShare = completionShare
    }

    /// Every programme's funnel, then all programmes together.
    public static func funnels(_ analysis: ReachAnalysis) -> [ReachFunnel] {
        (analysis.programmes + [analysis.overall]).map { ReachFunnel($0, completionShare: analysis.completionShare) }
    }
}
