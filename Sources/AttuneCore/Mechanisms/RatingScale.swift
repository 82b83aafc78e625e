/// The scale the paper uses for a mechanism in Table 1.
public enum RatingScale: String, Codable, CaseIterable, Sendable {
    /// Rated yes or no only (e.g. M3 consistent facilitator).
    case yesNo = "yes_no"
    /// Rated yes, variable or no (e.g. M5 containing atmosphere).
    case yesVariableNo = "yes_variable_no"
    /// Described in the text but not rated in Table 1 (M15 reflective function).
    case unrated

    /// Whether a rating is allowed on this scale. "Not assessed" is always allowed: it says that
    /// evidence is missing, not what the programme did. An unrated mechanism accepts any rating
    /// because Attune may rate it even though the paper did not.
    public func allows(_ rating: Rating) -> Bool {
        switch (self, rating) {
        case (_, .notAssessed): true
        case (.yesNo, .variable): false
        default: true
        }
    }

    /// Whether the paper counts the mechanism in its "total out of 14".
    public var countsTowardsPaperTotal: Bool { self != .unrated }

    public var description: String {
        switch self {
        case .yesNo: "yes / no"
        case .yesVariableNo: "yes / variable / no"
        case .unrated: "not rated in the paper"
        }
    }
}
