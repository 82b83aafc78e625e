/// "Yes needs at least 80% of sessions; variable at least 25%": the thresholds of a rule that
/// rates a share. A yes/no mechanism has no variable threshold and never comes out variable.
public struct ShareThresholds: Equatable, Sendable {
    public let yesAtLeast: Double
    public let variableAtLeast: Double?
    /// `summary` for a yes/no scale and for the others, written once: a national audit puts
    /// them into 100,000 explanations.
    private let yesNoSummary: String, scaledSummary: String

    public init(yesAtLeast: Double, variableAtLeast: Double? = nil) {
        self.yesAtLeast = yesAtLeast
        self.variableAtLeast = variableAtLeast
        yesNoSummary = "yes needs at least \(Percent.of(yesAtLeast))"
        scaledSummary = yesNoSummary + (variableAtLeast.map { ", variable at least \(Percent.of($0))" } ?? "")
    }

    public static func == (lhs: ShareThresholds, rhs: ShareThresholds) -> Bool {
        lhs.yesAtLeast == rhs.yesAtLeast && lhs.variableAtLeast == rhs.variableAtLeast
    }

    /// Tolerates floating-point noise so that 4 of 5 meets a threshold of 0.8.
    private static let tolerance = 1e-9

    public func rate(_ share: Double, scale: RatingScale) -> Rating {
        if share + Self.tolerance >= yesAtLeast { return .yes }
        if scale != .yesNo, let variableAtLeast, share + Self.tolerance >= variableAtLeast { return .variable }
        return .no
    }

    /// "yes needs at least 80%" or "yes needs at least 80%, variable at least 25%".
    public func summary(scale: RatingScale) -> String {
        scale == .yesNo ? yesNoSummary : scaledSummary
    }

    func rate(_ count: Int, of total: Int, scale: RatingScale) -> Rating {
        rate(Double(count) / Double(total), scale: scale)
    }

    /// The standard explanation: "infant cues taught in 2 of 6 sessions (33%): variable; yes needs at least 80%".
    func sentence(_ what: String, count: Int, of total: Int, unit: String, scale: RatingScale) -> String {
        let share = Double(count) / Double(total)
        let units = total == 1 ? unit : unit + "s"
        return "\(what) in \(count) of \(total) \(units) (\(Percent.of(share))): \(rate(share, scale: scale).word); \(summary(scale: scale))"
    }
}

enum Percent {
    /// 0.333 -> "33%".
    static func of(_ share: Double) -> String {
        let whole = (share * 100).rounded()
        guard whole >= 0 && whole <= 100 else { return "\(Int(whole))%" }
        return written[Int(whole)]
    }

    /// "0%" to "100%", written once: an audit words a share for most of its explanations.
    private static let written = (0...100).map { "\($0)%" }
}
