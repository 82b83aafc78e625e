/// How far a programme provides one mechanism of change.
///
/// The paper uses yes, variable and no. Attune adds `notAssessed` because missing evidence is
/// never the same as "no": a programme nobody has observed has not failed anything yet.
public enum Rating: String, Codable, CaseIterable, Sendable {
    case yes
    case variable
    case no
    case notAssessed = "not_assessed"

    /// The letter the paper prints (Y, V, N); "NA" for not assessed.
    public var letter: String {
        switch self {
        case .yes: "Y"
        case .variable: "V"
        case .no: "N"
        case .notAssessed: "NA"
        }
    }

    /// A word for people: used beside the letter so that no reader depends on colour.
    public var label: String {
        switch self {
        case .yes: "Yes"
        case .variable: "Variable"
        case .no: "No"
        case .notAssessed: "Not assessed"
        }
    }

    /// The label inside a sentence ("variable"): written out rather than `label.lowercased()`,
    /// which a national audit called 180,000 times.
    public var word: String {
        switch self {
        case .yes: "yes"
        case .variable: "variable"
        case .no: "no"
        case .notAssessed: "not assessed"
        }
    }

    /// Reads the letters of the paper's table (Y, V, N) and "NA".
    public init?(letter: String) {
        guard let match = Rating.allCases.first(where: { $0.letter == letter.uppercased() }) else {
            return nil
        }
        self = match
    }
}
