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
        assess(socialRiskFactors: socialRiskFactors, signals: measures.map(NeedSignal.init)[...])
    }

    /// The findings of the two most common outcomes, shared rather than allocated per dyad.
    private static let nothingMeasured: [NeedFinding] = [.nothingMeasured]
    private static let belowEveryRule: [NeedFinding] = [.belowEveryRule]

    /// As above, from what the rules read of each scored measure. The evaluation keeps these
    /// small values for every measure of a national dataset rather than the whole scores.
    public func assess(socialRiskFactors: Int, signals: ArraySlice<NeedSignal>) -> NeedAssessment {
        var high: [NeedFinding] = []
        var moderate: [NeedFinding] = []
        // Findings in a fixed order (by timepoint, then EPDS, CARE-Index, WMCI, each kind in the
        // order given), whatever order the measures come in: from the document or gathered by
        // the database. A dyad has a few signals, so each timepoint and kind is a pass over
        // them rather than a sorted copy (a national need analysis sorted 120,000 of them).
        for timepoint in Timepoint.allCases {
            for rank in NeedSignal.ranksWithFindings {
                for signal in signals where signal.timepoint == timepoint && signal.rank == rank {
                    switch signal.score {
                    case .epds(let total, let selfHarmItemScore):
                        if selfHarmItemScore > 0 { high.append(.selfHarm(itemScore: selfHarmItemScore, timepoint)) }
                        if total >= epdsHighFrom {
                            high.append(.epds(total: total, timepoint))
                        } else if total >= epdsModerateFrom {
                            moderate.append(.epds(total: total, timepoint))
                        }
                    case .careIndex(let sensitivity, let band) where highCAREBands.contains(band):
                        high.append(.careIndex(sensitivity: sensitivity, band, timepoint))
                    case .wmci(let classification) where highWMCI.contains(classification):
                        high.append(.wmci(classification, timepoint))
                    default:
                        break
                    }
                }
            }
        }
        if socialRiskFactors >= socialRiskFactorsForModerate { moderate.append(.socialRisk(count: socialRiskFactors)) }
        if !high.isEmpty { return NeedAssessment(level: .high, findings: high) }
        if !moderate.isEmpty { return NeedAssessment(level: .moderate, findings: moderate) }
        if signals.isEmpty { return NeedAssessment(level: .unknown, findings: Self.nothingMeasured) }
        return NeedAssessment(level: .low, findings: Self.belowEveryRule)
    }
}

/// What the need rules read from one scored measure: a few numbers, with no arrays or
/// dictionaries to copy or count references to.
public struct NeedSignal: Equatable, Sendable {
    enum Score: Equatable, Sendable {
        /// EPDS total and item 10 (self-harm).
        case epds(total: Int, selfHarmItemScore: Int)
        case careIndex(sensitivity: Int, band: SensitivityBand)
        case wmci(WMCI.Classification)
        /// Scored, but no rule reads it (PSI-SF, ITQ).
        case other
    }

    let timepoint: Timepoint
    let score: Score

    /// The ranks of the kinds a need rule reads (EPDS, CARE-Index, WMCI); `other` has none.
    static let ranksWithFindings = 0..<3

    /// The order in which a timepoint's findings are listed.
    var rank: Int {
        switch score {
        case .epds: 0
        case .careIndex: 1
        case .wmci: 2
        case .other: 3
        }
    }

    private init(timepoint: Timepoint, score: Score) {
        self.timepoint = timepoint
        self.score = score
    }

    init(_ measure: ScoredMeasure) {
        self.init(timepoint: measure.timepoint, result: measure.result)
    }

    init(timepoint: Timepoint, result: MeasureResult) {
        self.timepoint = timepoint
        switch result {
        case .epds(let score): self.score = .epds(total: score.total, selfHarmItemScore: score.itemScores[EPDS.selfHarmItem - 1])
        case .careIndex(let score): self.score = .careIndex(sensitivity: score.sensitivity, band: score.band)
        case .wmci(let score): self.score = .wmci(score.classification)
        case .psi, .temperament: self.score = .other
        }
    }
}

extension NeedSignal {
    /// The signal as stored beside its measure (`measurements.need_signal`), so that need
    /// across a national dataset is worked out without scoring every measure's values again:
    /// "epds 14 0" (total, item 10), "care_index 5" (sensitivity, banded when read with the
    /// site's bands then), "wmci disengaged", or "other" for a measure no rule reads. What is
    /// stored depends on no site setting.
    public static func storedForm(of result: MeasureResult) -> String {
        switch result {
        case .epds(let score): "epds \(score.total) \(score.itemScores[EPDS.selfHarmItem - 1])"
        case .careIndex(let score): "care_index \(score.sensitivity)"
        case .wmci(let score): "wmci \(score.classification.rawValue)"
        case .psi, .temperament: "other"
        }
    }

    /// A dyad's signals gathered as `gathered(_:settings:)` reads them and as the database
    /// gathers them (`MeasureStore.gatherNeedSignals`): "timepoint stored-form" items joined by
    /// ";"; nil for none.
    public static func gatheredForm(_ items: [(timepoint: Timepoint, storedForm: String)]) -> String? {
        items.isEmpty ? nil : items.map { "\($0.timepoint.rawValue) \($0.storedForm)" }.joined(separator: ";")
    }

    /// Each timepoint with its stored name, made once rather than for every signal read.
    private static let timepoints = Timepoint.allCases.map { (name: Array($0.rawValue.utf8), timepoint: $0) }

    /// One dyad's signals as the database gathers them: "timepoint stored-form" items joined by
    /// ";" ("before epds 14 0;after care_index 5"), or "" for none; nil when any item is not
    /// in that form. Read on the bytes: a national need analysis reads 120,000 of these, and
    /// splitting them as Characters cost more than the rest of the reading.
    public static func gathered(_ text: String, settings: MeasureSettings) -> [NeedSignal]? {
        var text = text
        return text.withUTF8 { bytes in
            var signals: [NeedSignal] = []
            guard !bytes.isEmpty else { return signals }
            var start = 0
            while true {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
                let item = bytes[start..<end]
                guard let space = item.firstIndex(of: UInt8(ascii: " ")),
                      let timepoint = timepoints.first(where: { $0.name.elementsEqual(item[..<space]) })?.timepoint,
                      let signal = parse(item[(space + 1)...], timepoint: timepoint, settings: settings)
                else { return nil }
                signals.append(signal)
                guard end < bytes.endIndex else { return signals }
                start = end + 1
            }
        }
    }

    /// A stored signal read back with the site's settings; nil for text not in the stored form.
    public init?(timepoint: Timepoint, storedForm: String, settings: MeasureSettings) {
        var text = storedForm
        guard let signal = text.withUTF8({ Self.parse($0[...], timepoint: timepoint, settings: settings) }) else { return nil }
        self = signal
    }

    /// The stored forms' first words as bytes: compared with a String's UTF-8 view, each
    /// comparison walked the view character by character (a sixtieth of a national audit).
    private enum Kind {
        static let epds = Array("epds".utf8), careIndex = Array("care_index".utf8)
        static let wmci = Array("wmci".utf8), other = Array("other".utf8)
    }

    /// One stored form, read word by word on the bytes, building no strings but a WMCI
    /// classification's name.
    private static func parse(_ form: Slice<UnsafeBufferPointer<UInt8>>, timepoint: Timepoint, settings: MeasureSettings) -> NeedSignal? {
        var rest = form, lastWordRead = false
        /// The next word (up to a single space); nil once the last word has been read.
        func word() -> Slice<UnsafeBufferPointer<UInt8>>? {
            guard !lastWordRead else { return nil }
            guard let space = rest.firstIndex(of: UInt8(ascii: " ")) else {
                lastWordRead = true
                return rest
            }
            defer { rest = rest[(space + 1)...] }
            return rest[..<space]
        }
        func number() -> Int? {
            guard let word = word(), !word.isEmpty, word.count <= 3 else { return nil }
            var value = 0
            for byte in word {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let kind = word() else { return nil }
        let score: Score
        if kind.elementsEqual(Kind.epds) {
            guard let total = number(), let selfHarm = number() else { return nil }
            score = .epds(total: total, selfHarmItemScore: selfHarm)
        } else if kind.elementsEqual(Kind.careIndex) {
            guard let sensitivity = number() else { return nil }
            score = .careIndex(sensitivity: sensitivity, band: settings.careBands.band(sensitivity))
        } else if kind.elementsEqual(Kind.wmci) {
            guard let name = word(), let classification = WMCI.Classification(rawValue: String(decoding: name, as: UTF8.self)) else { return nil }
            score = .wmci(classification)
        } else if kind.elementsEqual(Kind.other) {
            score = .other
        } else {
            return nil
        }
        guard lastWordRead else { return nil } // nothing may follow
        return NeedSignal(timepoint: timepoint, score: score)
    }
}
