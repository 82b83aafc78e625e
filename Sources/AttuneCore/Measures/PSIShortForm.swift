/// Parenting Stress Index, Short Form (Abidin; PAR Inc.). 36 items scored 1-5 in three
/// subscales of 12 items. Percentile norms are in the licensed manual, so Attune ships no
/// cut-offs: a site enters its own.
public enum PSIShortForm {
    public static let name = "PSI-SF"
    public static let itemCount = 36
    /// Items of the Defensive Responding scale (all within Parental Distress); a low score
    /// suggests answers given defensively.
    public static let defensiveRespondingItems = [1, 2, 3, 7, 8, 9, 11]

    /// Scores 36 item scores (each 1-5).
    public static func score(itemScores: [Int], cutoffs: PSICutoffs = .none) throws(MeasureInputError) -> PSIScore {
        let items = try parseScores(itemScores, instrument: name, count: itemCount, range: 1...5)
        let subscale = { (subscale: PSISubscale) in subscale.items.map { items[$0 - 1] }.reduce(0, +) }
        return PSIScore(
            parentalDistress: subscale(.parentalDistress),
            parentChildDysfunctionalInteraction: subscale(.parentChildDysfunctionalInteraction),
            difficultChild: subscale(.difficultChild),
            defensiveResponding: defensiveRespondingItems.map { items[$0 - 1] }.reduce(0, +),
            cutoffs: cutoffs)
    }

    /// Scores the three subscale raw scores (each 12-60) when the items are not to hand.
    /// Defensive Responding needs the items, so it is then not computed.
    public static func score(parentalDistress: Int, parentChildDysfunctionalInteraction: Int, difficultChild: Int,
                             cutoffs: PSICutoffs = .none) throws(MeasureInputError) -> PSIScore {
        // Checked one by one rather than from an array of pairs: this runs for every measure.
        func check(_ subscale: PSISubscale, _ value: Int) throws(MeasureInputError) {
            guard (12...60).contains(value) else { throw MeasureInputError(name, field: subscale.label, "\(value) is outside 12-60") }
        }
        try check(.parentalDistress, parentalDistress)
        try check(.parentChildDysfunctionalInteraction, parentChildDysfunctionalInteraction)
        try check(.difficultChild, difficultChild)
        return PSIScore(parentalDistress: parentalDistress,
                        parentChildDysfunctionalInteraction: parentChildDysfunctionalInteraction,
                        difficultChild: difficultChild, defensiveResponding: nil, cutoffs: cutoffs)
    }
}

public enum PSISubscale: String, CaseIterable, Codable, Sendable {
    case parentalDistress = "parental_distress"
    case parentChildDysfunctionalInteraction = "parent_child_dysfunctional_interaction"
    case difficultChild = "difficult_child"

    /// Items 1-12, 13-24 and 25-36.
    public var items: ClosedRange<Int> {
        switch self {
        case .parentalDistress: 1...12
        case .parentChildDysfunctionalInteraction: 13...24
        case .difficultChild: 25...36
        }
    }

    public var label: String {
        switch self {
        case .parentalDistress: "Parental Distress"
        case .parentChildDysfunctionalInteraction: "Parent-Child Dysfunctional Interaction"
        case .difficultChild: "Difficult Child"
        }
    }
}

/// A site's PSI-SF cut-offs, from the licensed manual's norms. None by default.
public struct PSICutoffs: Equatable, Sendable, Codable {
    /// Total Stress at or above this is clinically significant.
    public var totalStressFrom: Int?
    /// Defensive Responding at or below this suggests defensive answers.
    public var defensiveRespondingAtMost: Int?

    public static let none = PSICutoffs(totalStressFrom: nil, defensiveRespondingAtMost: nil)

    public init(totalStressFrom: Int?, defensiveRespondingAtMost: Int?) {
        self.totalStressFrom = totalStressFrom
        self.defensiveRespondingAtMost = defensiveRespondingAtMost
    }
}

public struct PSIScore: Equatable, Sendable, Codable {
    public let parentalDistress: Int
    public let parentChildDysfunctionalInteraction: Int
    public let difficultChild: Int
    /// 36-180.
    public let totalStress: Int
    /// 7-35, or nil when only subscale scores were entered.
    public let defensiveResponding: Int?
    /// nil when the site has not entered a Total Stress cut-off.
    public let clinicallySignificant: Bool?
    public let possiblyDefensive: Bool?

    init(parentalDistress: Int, parentChildDysfunctionalInteraction: Int, difficultChild: Int,
         defensiveResponding: Int?, cutoffs: PSICutoffs) {
        self.parentalDistress = parentalDistress
        self.parentChildDysfunctionalInteraction = parentChildDysfunctionalInteraction
        self.difficultChild = difficultChild
        self.defensiveResponding = defensiveResponding
        let total = parentalDistress + parentChildDysfunctionalInteraction + difficultChild
        totalStress = total
        clinicallySignificant = cutoffs.totalStressFrom.map { total >= $0 }
        possiblyDefensive = cutoffs.defensiveRespondingAtMost.flatMap { limit in defensiveResponding.map { $0 <= limit } }
    }

    public var summary: String {
        var text = "PSI-SF Total Stress \(totalStress) of 180 (Parental Distress \(parentalDistress), "
            + "Parent-Child Dysfunctional Interaction \(parentChildDysfunctionalInteraction), Difficult Child \(difficultChild))"
        text += defensiveResponding.map { "; Defensive Responding \($0)" } ?? "; Defensive Responding not computed (needs the items)"
        switch clinicallySignificant {
        case true?: text += "; clinically significant by the site's cut-off"
        case false?: text += "; below the site's cut-off"
        case nil: text += "; not classified: the site has entered no cut-off (norms are in the licensed manual)"
        }
        if possiblyDefensive == true { text += "; possibly defensive answers" }
        return text
    }
}
