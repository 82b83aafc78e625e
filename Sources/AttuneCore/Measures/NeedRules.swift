/// A dyad's level of need, on which reach and need-versus-provision depend.
public enum NeedLevel: String, CaseIterable, Codable, Sendable {
    case high, moderate, low, unknown
}

/// One finding behind a level of need. Kept as numbers and put into words only when shown,
/// so that assessing 120,000 dyads builds no text.
public enum NeedFinding: Equatable, Sendable, CustomStringConvertible {
    case selfHarm(itemScore: Int, Timepoint)
    case epds(total: Int, Timepoint)
    case careIndex(sensitivity: Int, SensitivityBand, Timepoint)
    case wmci(WMCI.Classification, Timepoint)
    case socialRisk(count: Int)
    case nothingMeasured
    case belowEveryRule

    public var description: String {
        switch self {
        case .selfHarm(let score, let when): "EPDS item 10 (self-harm) scored \(score) \(when.phrase)"
        case .epds(let total, let when): "EPDS \(total) \(when.phrase)"
        case .careIndex(let sensitivity, let band, let when): "CARE-Index sensitivity \(sensitivity) (\(band.label)) \(when.phrase)"
        case .wmci(let classification, let when): "WMCI \(classification.rawValue) \(when.phrase)"
        case .socialRisk(let count): "\(count) social risk factors"
        case .nothingMeasured: "nothing measured yet"
        case .belowEveryRule: "no measure reaches the rules for moderate or high need"
        }
    }
}

public struct NeedAssessment: Equatable, Sendable {
    public let level: NeedLevel
    /// Every finding that set the level.
    public let findings: [NeedFinding]

    /// e.g. "EPDS 14 before the programme".
    public var reasons: [String] { findings.map(\.description) }

    /// "high: EPDS 14 before the programme".
    public var summary: String { "\(level.rawValue): " + reasons.joined(separator: "; ") }
}

/// The configurable rules that turn measures and social risk into a level of need.
/// Default: high for EPDS 13 or more, item 10 above 0, CARE-Index sensitivity in the two lowest
/// bands, or a disengaged or distorted WMCI; moderate for EPDS 10-12 or two or more social risk
/// factors; low otherwise; unknown when nothing is measured.
public struct NeedRules: Equatable, Sendable {
    public var epdsHighFrom = 13
    public var epdsModerateFrom = 10
    public var socialRiskFactorsForModerate = 2
    public var highCAREBands: Set<SensitivityBand> = [.inept, .highRisk]
    public var highWMCI: Set<WMCI.Classification> = [.disengaged, .distorted]

    public static let standard = NeedRules()

    public init() {}

    public func assess(socialRiskFactors: Int, measures: [ScoredMeasure]) -> NeedAssessment {
        var high: [NeedFinding] = []
        var moderate: [NeedFinding] = []
        for timepoint in Timepoint.allCases {
            for measure in measures where measure.timepoint == timepoint {
                switch measure.result {
                case .epds(let score):
                    if score.selfHarm { high.append(.selfHarm(itemScore: score.itemScores[EPDS.selfHarmItem - 1], timepoint)) }
                    if score.total >= epdsHighFrom {
                        high.append(.epds(total: score.total, timepoint))
                    } else if score.total >= epdsModerateFrom {
                        moderate.append(.epds(total: score.total, timepoint))
                    }
                case .careIndex(let score) where highCAREBands.contains(score.band):
                    high.append(.careIndex(sensitivity: score.sensitivity, score.band, timepoint))
                case .wmci(let score) where highWMCI.contains(score.classification):
                    high.append(.wmci(score.classification, timepoint))
                default:
                    break
                }
            }
        }
        if socialRiskFactors >= socialRiskFactorsForModerate { moderate.append(.socialRisk(count: socialRiskFactors)) }
        if !high.isEmpty { return NeedAssessment(level: .high, findings: high) }
        if !moderate.isEmpty { return NeedAssessment(level: .moderate, findings: moderate) }
        if measures.isEmpty { return NeedAssessment(level: .unknown, findings: [.nothingMeasured]) }
        return NeedAssessment(level: .low, findings: [.belowEveryRule])
    }
}
