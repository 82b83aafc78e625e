import AttuneCore
import Foundation

/// The values of a measure as stored (the `values` column): exactly what was entered, as JSON
/// with sorted keys, e.g. `{"itemScores":[1,0,2]}` or `{"scales":{"control":3}}`.
struct MeasureValues: Codable, Equatable {
    var itemScores: [Int]?
    var subscaleScores: [Int]?
    var categoryScores: [Double]?
    var scales: [String: Int]?
    var classification: String?

    /// The fields of `EvidenceRecords.measurement` kept here, as the document names them.
    static let fields = ["item_scores", "subscale_scores", "category_scores", "scales", "classification"]

    init(_ measurement: RecordedMeasure) {
        itemScores = measurement.itemScores
        subscaleScores = measurement.subscaleScores
        categoryScores = measurement.categoryScores
        scales = measurement.scales
        classification = measurement.classification
    }

    /// The stored JSON read back; nil when it is not a measure's values.
    init?(json: String) {
        guard let value = try? JSONDecoder().decode(MeasureValues.self, from: Data(json.utf8)) else { return nil }
        self = value
    }

    /// The JSON to store: keys in alphabetical order.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain numbers, strings and lists cannot fail.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
