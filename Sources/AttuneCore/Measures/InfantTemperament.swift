/// Revised Infant Temperament Questionnaire (Carey & McDevitt 1978; copyrighted). Nine category
/// scores on 1-6. The diagnostic clusters need norms that a site supplies; without them a
/// result says "not classified" and why.
public enum InfantTemperament {
    public static let name = "ITQ"

    public enum Category: String, CaseIterable, Codable, Sendable {
        case activity, rhythmicity, approach, adaptability, intensity, mood, persistence, distractibility, threshold
    }

    /// Scores the nine category scores, in the order of `Category.allCases`.
    public static func score(_ values: [Double]) throws(MeasureInputError) -> TemperamentScore {
        guard values.count == Category.allCases.count else {
            throw MeasureInputError(name, field: "categories", "needs 9 category scores (\(Category.allCases.map(\.rawValue).joined(separator: ", "))), got \(values.count)")
        }
        for (category, value) in zip(Category.allCases, values) where !(1.0...6.0).contains(value) {
            throw MeasureInputError(name, field: category.rawValue, "\(value.formatted1) is outside 1-6")
        }
        return TemperamentScore(categories: Dictionary(uniqueKeysWithValues: zip(Category.allCases.map(\.rawValue), values)))
    }
}

public struct TemperamentScore: Equatable, Sendable, Codable {
    /// Category name (activity, rhythmicity, ...) to score; keyed by name so JSON stays an object.
    public let categories: [String: Double]
    /// Always nil until a site supplies norms; `classificationNote` says why.
    public let cluster: String?
    public let classificationNote: String

    init(categories: [String: Double]) {
        self.categories = categories
        cluster = nil
        classificationNote = "not classified: the diagnostic clusters need site norms (mean and SD per category), and none are configured"
    }

    public var summary: String {
        let scores = InfantTemperament.Category.allCases.map { "\($0.rawValue) \(categories[$0.rawValue]!.formatted1)" }.joined(separator: ", ")
        return "ITQ \(scores); \(classificationNote)"
    }
}
