/// CARE-Index (Crittenden), coded from a three-minute play video by trained coders. Each
/// party's scales sum to 14. Sensitivity bands are site-configurable.
public enum CAREIndex {
    public static let name = "CARE-Index"

    public static func score(sensitivity: Int, control: Int, unresponsiveness: Int,
                             cooperativeness: Int, compulsivity: Int, difficultness: Int, passivity: Int,
                             bands: SensitivityBands = .standard) throws(MeasureInputError) -> CAREIndexScore {
        // Checked one by one rather than from an array of pairs: this runs for every measure.
        func check(_ scale: String, _ value: Int) throws(MeasureInputError) {
            guard (0...14).contains(value) else { throw MeasureInputError(name, field: scale, "\(value) is outside 0-14") }
        }
        try check("sensitivity", sensitivity)
        try check("control", control)
        try check("unresponsiveness", unresponsiveness)
        try check("cooperativeness", cooperativeness)
        try check("compulsivity", compulsivity)
        try check("difficultness", difficultness)
        try check("passivity", passivity)
        let adult = sensitivity + control + unresponsiveness
        guard adult == 14 else {
            throw MeasureInputError(name, field: "adult scales", "sensitivity + control + unresponsiveness = \(adult); they must sum to 14")
        }
        let infant = cooperativeness + compulsivity + difficultness + passivity
        guard infant == 14 else {
            throw MeasureInputError(name, field: "infant scales", "cooperativeness + compulsivity + difficultness + passivity = \(infant); they must sum to 14")
        }
        return CAREIndexScore(sensitivity: sensitivity, control: control, unresponsiveness: unresponsiveness,
                              cooperativeness: cooperativeness, compulsivity: compulsivity,
                              difficultness: difficultness, passivity: passivity,
                              band: bands.band(sensitivity), bands: bands)
    }
}

public enum SensitivityBand: String, Codable, Sendable {
    case sensitive, adequate, inept
    case highRisk = "high_risk"

    public var label: String {
        switch self {
        case .sensitive: "sensitive"
        case .adequate: "adequate"
        case .inept: "inept"
        case .highRisk: "high risk"
        }
    }
}

/// Where each sensitivity band starts; commonly 11-14 sensitive, 7-10 adequate, 5-6 inept,
/// 0-4 high risk.
public struct SensitivityBands: Equatable, Sendable, Codable {
    public let sensitiveFrom: Int
    public let adequateFrom: Int
    public let ineptFrom: Int

    public static let standard = SensitivityBands(checked: 11, 7, 5)

    private init(checked sensitive: Int, _ adequate: Int, _ inept: Int) {
        sensitiveFrom = sensitive
        adequateFrom = adequate
        ineptFrom = inept
    }

    public init(sensitiveFrom: Int, adequateFrom: Int, ineptFrom: Int) throws(MeasureInputError) {
        guard 1 <= ineptFrom, ineptFrom < adequateFrom, adequateFrom < sensitiveFrom, sensitiveFrom <= 14 else {
            throw MeasureInputError(CAREIndex.name, field: "sensitivity bands",
                                    "need 1 <= inept < adequate < sensitive <= 14; got inept \(ineptFrom), adequate \(adequateFrom), sensitive \(sensitiveFrom)")
        }
        self.init(checked: sensitiveFrom, adequateFrom, ineptFrom)
    }

    func band(_ sensitivity: Int) -> SensitivityBand {
        sensitivity >= sensitiveFrom ? .sensitive : sensitivity >= adequateFrom ? .adequate
            : sensitivity >= ineptFrom ? .inept : .highRisk
    }
}

public struct CAREIndexScore: Equatable, Sendable, Codable {
    public let sensitivity: Int
    public let control: Int
    public let unresponsiveness: Int
    public let cooperativeness: Int
    public let compulsivity: Int
    public let difficultness: Int
    public let passivity: Int
    public let band: SensitivityBand
    public let bands: SensitivityBands

    public var summary: String {
        "CARE-Index sensitivity \(sensitivity) of 14 (\(band.label)); control \(control), unresponsiveness \(unresponsiveness); "
            + "infant cooperativeness \(cooperativeness), compulsivity \(compulsivity), difficultness \(difficultness), passivity \(passivity)"
    }
}
