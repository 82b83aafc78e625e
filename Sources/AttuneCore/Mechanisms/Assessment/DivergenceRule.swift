/// When what people said points away from a derived rating, so that the mechanism is flagged
/// to be looked at again (issue 27's triangulation). Part of the rubric, so a site can tune it:
/// a mechanism rated yes is divergent with at least `againstAtLeast` excerpts contradicting it
/// and at most `forAtMost` supporting it; one rated no, the other way round. A variable rating
/// already says the evidence is mixed, so it is never divergent.
public struct DivergenceRule: Codable, Equatable, Sendable {
    /// Excerpts that point away from the rating, at least.
    public let againstAtLeast: Int
    /// Excerpts that agree with the rating, at most.
    public let forAtMost: Int

    public init(againstAtLeast: Int, forAtMost: Int) {
        self.againstAtLeast = againstAtLeast
        self.forAtMost = forAtMost
    }

    /// Three excerpts against a rating and none for it (the example the issue gives).
    public static let standard = DivergenceRule(againstAtLeast: 3, forAtMost: 0)

    var problems: [String] {
        var problems: [String] = []
        if !(1...1000).contains(againstAtLeast) { problems.append("divergence.against_at_least \(againstAtLeast) is outside 1-1000") }
        if !(0...1000).contains(forAtMost) { problems.append("divergence.for_at_most \(forAtMost) is outside 0-1000") }
        return problems
    }

    /// Whether excerpts `supporting` and `contradicting` a mechanism point away from `rating`.
    public func isDivergent(_ rating: Rating, supporting: Int, contradicting: Int) -> Bool {
        switch rating {
        case .yes: contradicting >= againstAtLeast && supporting <= forAtMost
        case .no: supporting >= againstAtLeast && contradicting <= forAtMost
        case .variable, .notAssessed: false
        }
    }
}
