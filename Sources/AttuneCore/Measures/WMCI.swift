/// Working Model of the Child Interview (Zeanah): a classification and optional rating scales.
public enum WMCI {
    public static let name = "WMCI"
    /// The interview's rating scales, each rated 1-5.
    public static let scales = ["richness_of_perceptions", "openness_to_change", "intensity_of_involvement", "coherence",
                                "caregiving_sensitivity", "acceptance", "infant_difficulty", "fear_for_safety"]

    public enum Classification: String, CaseIterable, Codable, Sendable {
        case balanced, disengaged, distorted
    }

    public static func score(classification: String, scaleRatings: [String: Int] = [:]) throws(MeasureInputError) -> WMCIScore {
        guard let value = Classification(rawValue: classification.lowercased()) else {
            throw MeasureInputError(name, field: "classification", "'\(classification)' is not one of balanced, disengaged, distorted")
        }
        for (scale, rating) in scaleRatings.sorted(by: { $0.key < $1.key }) {
            guard scales.contains(scale) else {
                throw MeasureInputError(name, field: scale, "not a WMCI scale; use one of \(scales.joined(separator: ", "))")
            }
            guard (1...5).contains(rating) else { throw MeasureInputError(name, field: scale, "\(rating) is outside 1-5") }
        }
        return WMCIScore(classification: value, scaleRatings: scaleRatings)
    }
}

public struct WMCIScore: Equatable, Sendable, Codable {
    public let classification: WMCI.Classification
    public let scaleRatings: [String: Int]

    public var summary: String {
        let scales = scaleRatings.sorted { $0.key < $1.key }.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \($0.value)" }
        return "WMCI \(classification.rawValue)" + (scales.isEmpty ? "" : "; " + scales.joined(separator: ", "))
    }
}
