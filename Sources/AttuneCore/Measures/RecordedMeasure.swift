/// The instruments Attune scores.
public enum Instrument: String, CaseIterable, Codable, Sendable {
    case epds
    case psi = "psi_sf"
    case itq
    case careIndex = "care_index"
    case wmci

    public var name: String {
        switch self {
        case .epds: EPDS.name
        case .psi: PSIShortForm.name
        case .itq: InfantTemperament.name
        case .careIndex: CAREIndex.name
        case .wmci: WMCI.name
        }
    }
}

/// A measure as it was taken: who, when, at which timepoint, and the values entered. Scores
/// are computed from the values with the site's current settings whenever they are shown;
/// alerts are raised once, when the measure is saved.
public struct RecordedMeasure: Codable, Equatable, Sendable {
    public var id: String
    public var dyadId: String
    public var instrument: Instrument
    public var timepoint: Timepoint
    public var date: CalendarDate
    public var administeredBy: String
    /// EPDS (10, 0-3) or PSI-SF (36, 1-5) item scores.
    public var itemScores: [Int]?
    /// PSI-SF subscale raw scores when the items are not to hand: PD, P-CDI, DC (12-60 each).
    public var subscaleScores: [Int]?
    /// ITQ category scores (9, 1-6) in the order of `InfantTemperament.Category`.
    public var categoryScores: [Double]?
    /// CARE-Index scales by name, or WMCI rating scales by name.
    public var scales: [String: Int]?
    /// WMCI classification.
    public var classification: String?

    public init(id: String, dyadId: String, instrument: Instrument, timepoint: Timepoint, date: CalendarDate,
                administeredBy: String, itemScores: [Int]? = nil, subscaleScores: [Int]? = nil,
                categoryScores: [Double]? = nil, scales: [String: Int]? = nil, classification: String? = nil) {
        self.id = id
        self.dyadId = dyadId
        self.instrument = instrument
        self.timepoint = timepoint
        self.date = date
        self.administeredBy = administeredBy
        self.itemScores = itemScores
        self.subscaleScores = subscaleScores
        self.categoryScores = categoryScores
        self.scales = scales
        self.classification = classification
    }

    static let careScales: Set = ["sensitivity", "control", "unresponsiveness", "cooperativeness", "compulsivity", "difficultness", "passivity"]

    /// Scores the values entered, or names what is wrong with them.
    public func score(_ settings: MeasureSettings = .standard) throws(MeasureInputError) -> MeasureResult {
        func required<T>(_ value: T?, _ field: String) throws(MeasureInputError) -> T {
            guard let value else { throw MeasureInputError(instrument.name, field: field, "is required") }
            return value
        }
        switch instrument {
        case .epds:
            return .epds(try EPDS.score(itemScores: try required(itemScores, "item_scores"), cutoffs: settings.epdsCutoffs))
        case .psi:
            if let subscaleScores {
                guard subscaleScores.count == 3 else {
                    throw MeasureInputError(instrument.name, field: "subscale_scores", "needs 3 subscale scores, got \(subscaleScores.count)")
                }
                return .psi(try PSIShortForm.score(parentalDistress: subscaleScores[0], parentChildDysfunctionalInteraction: subscaleScores[1],
                                                   difficultChild: subscaleScores[2], cutoffs: settings.psiCutoffs))
            }
            return .psi(try PSIShortForm.score(itemScores: try required(itemScores, "item_scores"), cutoffs: settings.psiCutoffs))
        case .itq:
            return .temperament(try InfantTemperament.score(try required(categoryScores, "category_scores")))
        case .careIndex:
            let scales = try required(scales, "scales")
            if let read = CAREScales(scales) {
                return .careIndex(try CAREIndex.score(
                    sensitivity: read.sensitivity, control: read.control, unresponsiveness: read.unresponsiveness,
                    cooperativeness: read.cooperativeness, compulsivity: read.compulsivity,
                    difficultness: read.difficultness, passivity: read.passivity, bands: settings.careBands))
            }
            // Not exactly the seven scales: find which is missing or unknown.
            func scale(_ name: String) throws(MeasureInputError) -> Int {
                guard let value = scales[name] else { throw MeasureInputError(instrument.name, field: name, "is required (0-14)") }
                return value
            }
            if scales.count != Self.careScales.count, let unknown = scales.keys.sorted().first(where: { !Self.careScales.contains($0) }) {
                throw MeasureInputError(instrument.name, field: unknown, "not a CARE-Index scale")
            }
            return .careIndex(try CAREIndex.score(
                sensitivity: try scale("sensitivity"), control: try scale("control"), unresponsiveness: try scale("unresponsiveness"),
                cooperativeness: try scale("cooperativeness"), compulsivity: try scale("compulsivity"),
                difficultness: try scale("difficultness"), passivity: try scale("passivity"), bands: settings.careBands))
        case .wmci:
            return .wmci(try WMCI.score(classification: try required(classification, "classification"), scaleRatings: scales ?? [:]))
        }
    }
}

/// A site's measure settings: cut-offs, bands and need rules. Changing them re-scores what is
/// shown but never closes an alert already raised.
public struct MeasureSettings: Equatable, Sendable {
    public var epdsCutoffs: EPDSCutoffs = .standard
    public var psiCutoffs: PSICutoffs = .none
    public var careBands: SensitivityBands = .standard
    public var needRules: NeedRules = .standard

    public static let standard = MeasureSettings()

    public init() {}
}

/// The seven CARE-Index scales, read in one pass over the entries by comparing names: seven
/// hashed look-ups per measure were a large part of scoring a national dataset. nil unless the
/// entries are exactly the seven scales.
private struct CAREScales {
    let sensitivity: Int, control: Int, unresponsiveness: Int
    let cooperativeness: Int, compulsivity: Int, difficultness: Int, passivity: Int

    init?(_ scales: [String: Int]) {
        var sensitivity, control, unresponsiveness, cooperativeness, compulsivity, difficultness, passivity: Int?
        for (name, value) in scales {
            switch name {
            case "sensitivity": sensitivity = value
            case "control": control = value
            case "unresponsiveness": unresponsiveness = value
            case "cooperativeness": cooperativeness = value
            case "compulsivity": compulsivity = value
            case "difficultness": difficultness = value
            case "passivity": passivity = value
            default: return nil
            }
        }
        guard let sensitivity, let control, let unresponsiveness, let cooperativeness, let compulsivity,
              let difficultness, let passivity else { return nil }
        (self.sensitivity, self.control, self.unresponsiveness) = (sensitivity, control, unresponsiveness)
        (self.cooperativeness, self.compulsivity, self.difficultness, self.passivity) = (cooperativeness, compulsivity, difficultness, passivity)
    }
}
