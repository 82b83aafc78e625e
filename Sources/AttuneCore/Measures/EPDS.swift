/// Edinburgh Postnatal Depression Scale (Cox, Holden & Sagovsky 1987). Ten items about the past
/// seven days, each scored 0-3. Only the scoring rules ship; the item wording needs the Royal
/// College of Psychiatrists' permission and a licensed site loads its own.
public enum EPDS {
    public static let name = "EPDS"
    public static let itemCount = 10
    /// Items whose first (top) response option scores 3: items 3 and 5-10. Items 1, 2 and 4
    /// score 0 for the top option.
    public static let reverseKeyedItems: Set<Int> = [3, 5, 6, 7, 8, 9, 10]
    /// EPDS-3A, the anxiety subscale.
    public static let anxietyItems = [3, 4, 5]
    /// Thoughts of self-harm: any score above 0 needs same-day follow-up whatever the total.
    public static let selfHarmItem = 10

    /// The score of an item from the response option chosen, 0 for the top option to 3 for the
    /// bottom one, keyed as published.
    public static func itemScore(item: Int, optionChosen option: Int) -> Int {
        reverseKeyedItems.contains(item) ? 3 - option : option
    }

    /// Scores ten item scores (each 0-3). An incomplete EPDS is refused, never prorated.
    public static func score(itemScores: [Int], cutoffs: EPDSCutoffs = .standard) throws(MeasureInputError) -> EPDSScore {
        let items = try parseScores(itemScores, instrument: name, count: itemCount, range: 0...3,
                                    incomplete: " (an incomplete EPDS is not prorated)")
        return EPDSScore(itemScores: items, cutoffs: cutoffs)
    }

    /// Scores the option chosen for each item (0 = top option .. 3 = bottom), keyed as published.
    public static func score(optionsChosen: [Int], cutoffs: EPDSCutoffs = .standard) throws(MeasureInputError) -> EPDSScore {
        let options = try parseScores(optionsChosen, instrument: name, count: itemCount, range: 0...3, what: "option",
                                      incomplete: " (an incomplete EPDS is not prorated)")
        return EPDSScore(itemScores: options.enumerated().map { itemScore(item: $0.offset + 1, optionChosen: $0.element) },
                         cutoffs: cutoffs)
    }
}

/// Site-configurable EPDS cut-offs; by default 10 or more is possible depression and 13 or
/// more probable depression.
public struct EPDSCutoffs: Equatable, Sendable, Codable {
    public let possibleFrom: Int
    public let probableFrom: Int

    public static let standard = EPDSCutoffs(uncheckedPossibleFrom: 10, probableFrom: 13)

    private init(uncheckedPossibleFrom possible: Int, probableFrom probable: Int) {
        possibleFrom = possible
        probableFrom = probable
    }

    public init(possibleFrom: Int, probableFrom: Int) throws(MeasureInputError) {
        guard (1...30).contains(possibleFrom) else {
            throw MeasureInputError(EPDS.name, field: "possible cut-off", "\(possibleFrom) is outside 1-30")
        }
        guard (possibleFrom...30).contains(probableFrom) else {
            throw MeasureInputError(EPDS.name, field: "probable cut-off", "\(probableFrom) is outside \(possibleFrom)-30 (at least the possible cut-off)")
        }
        self.init(uncheckedPossibleFrom: possibleFrom, probableFrom: probableFrom)
    }
}

public enum EPDSBand: String, Codable, Sendable {
    case belowCutoff = "below_cutoff"
    case possibleDepression = "possible_depression"
    case probableDepression = "probable_depression"

    public var label: String {
        switch self {
        case .belowCutoff: "below the cut-off"
        case .possibleDepression: "possible depression"
        case .probableDepression: "probable depression"
        }
    }
}

public struct EPDSScore: Equatable, Sendable, Codable {
    public let itemScores: [Int]
    public let total: Int
    /// EPDS-3A: items 3-5, 0-9.
    public let anxiety: Int
    public let band: EPDSBand
    public let cutoffs: EPDSCutoffs
    /// Item 10 above 0: thoughts of self-harm.
    public let selfHarm: Bool

    init(itemScores: [Int], cutoffs: EPDSCutoffs) {
        self.itemScores = itemScores
        self.cutoffs = cutoffs
        total = itemScores.reduce(0, +)
        anxiety = EPDS.anxietyItems.reduce(0) { $0 + itemScores[$1 - 1] } // no array built: scored per measure
        band = total >= cutoffs.probableFrom ? .probableDepression
            : total >= cutoffs.possibleFrom ? .possibleDepression : .belowCutoff
        selfHarm = itemScores[EPDS.selfHarmItem - 1] > 0
    }

    public var summary: String {
        var text = "EPDS total \(total) of 30 (\(band.label); possible from \(cutoffs.possibleFrom), probable from \(cutoffs.probableFrom)); anxiety (EPDS-3A) \(anxiety) of 9"
        if selfHarm {
            text += "; item 10 (self-harm) scored \(itemScores[EPDS.selfHarmItem - 1]): same-day follow-up needed"
        }
        return text
    }
}
