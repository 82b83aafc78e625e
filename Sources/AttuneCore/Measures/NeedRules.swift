/// A dyad's level of need, on which reach and need-versus-provision depend.
public enum NeedLevel: String, CaseIterable, Codable, Sendable {
    case high, moderate, low, unknown
}

public struct NeedAssessment: Equatable, Sendable {
    public let level: NeedLevel
    /// Every finding that set the level, e.g. "EPDS 14 before the programme".
    public let reasons: [String]

    /// "high: EPDS 14 before the programme".
    public var summary: String {
        "\(level.rawValue): " + (reasons.isEmpty ? "no measure and fewer social risk factors than the rules count" : reasons.joined(separator: "; "))
    }
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
        var high: [String] = []
        var moderate: [String] = []
        for measure in measures.sorted(by: { Timepoint.allCases.firstIndex(of: $0.timepoint)! < Timepoint.allCases.firstIndex(of: $1.timepoint)! }) {
            let when = measure.timepoint.phrase
            switch measure.result {
            case .epds(let score):
                if score.selfHarm {
                    high.append("EPDS item 10 (self-harm) scored \(score.itemScores[EPDS.selfHarmItem - 1]) \(when)")
                }
                if score.total >= epdsHighFrom {
                    high.append("EPDS \(score.total) \(when)")
                } else if score.total >= epdsModerateFrom {
                    moderate.append("EPDS \(score.total) \(when)")
                }
            case .careIndex(let score) where highCAREBands.contains(score.band):
                high.append("CARE-Index sensitivity \(score.sensitivity) (\(score.band.label)) \(when)")
            case .wmci(let score) where highWMCI.contains(score.classification):
                high.append("WMCI \(score.classification.rawValue) \(when)")
            default:
                break
            }
        }
        if socialRiskFactors >= socialRiskFactorsForModerate {
            moderate.append("\(socialRiskFactors) social risk factors")
        }
        if !high.isEmpty { return NeedAssessment(level: .high, reasons: high) }
        if !moderate.isEmpty { return NeedAssessment(level: .moderate, reasons: moderate) }
        if measures.isEmpty { return NeedAssessment(level: .unknown, reasons: ["nothing measured yet"]) }
        return NeedAssessment(level: .low, reasons: ["no measure reaches the rules for moderate or high need"])
    }
}
