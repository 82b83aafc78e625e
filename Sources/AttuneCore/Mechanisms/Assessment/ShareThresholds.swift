/// "Yes needs at least 80% of sessions; variable at least 25%": the thresholds of a rule that
/// rates a share. A yes/no mechanism has no variable threshold and never comes out variable.
public struct ShareThresholds: Equatable, Sendable {
    public let yesAtLeast: Double
    public let variableAtLeast: Double?

    public init(yesAtLeast: Double, variableAtLeast: Double? = nil) {
        self.yesAtLeast = yesAtLeast
        self.variableAtLeast = variableAtLeast
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
        var text = "yes needs at least \(Percent.of(yesAtLeast))"
        if scale != .yesNo, let variableAtLeast { text += ", variable at least \(Percent.of(variableAtLeast))" }
        return text
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
    static func of(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}
