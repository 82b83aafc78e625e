import AttuneCore
import Foundation

/// The values of a measure as stored (the `values` column): exactly what was entered, as JSON
/// with sorted keys, e.g. `{"itemScores":[1,0,2]}` or `{"scales":{"control":3}}`.
///
/// Written and read by hand because a national dataset holds most of a million measures and
/// JSONEncoder and JSONDecoder take microseconds each; anything the fast reader does not
/// expect (escapes, exponents, unknown keys) is handed to JSONDecoder, so any valid stored JSON
/// still reads.
struct MeasureValues: Codable, Equatable {
    var itemScores: [Int]?
    var subscaleScores: [Int]?
    var categoryScores: [Double]?
    var scales: [String: Int]?
    var classification: String?

    init(_ measurement: RecordedMeasure) {
        itemScores = measurement.itemScores
        subscaleScores = measurement.subscaleScores
        categoryScores = measurement.categoryScores
        scales = measurement.scales
        classification = measurement.classification
    }

    init?(json: String) {
        var reader = FastReader(json)
        if let value = reader.read() {
            self = value
        } else if let value = try? JSONDecoder().decode(MeasureValues.self, from: Data(json.utf8)) {
            self = value
        } else {
            return nil
        }
    }

    private init() {}

    /// The JSON to store: keys in alphabetical order, as JSONEncoder's `.sortedKeys` writes them.
    var json: String {
        var fields: [String] = []
        if let categoryScores { fields.append("\"categoryScores\":[" + categoryScores.map(Self.number).joined(separator: ",") + "]") }
        if let classification { fields.append("\"classification\":" + JSONText.quoted(classification)) }
        if let itemScores { fields.append("\"itemScores\":[" + itemScores.map(String.init).joined(separator: ",") + "]") }
        if let scales {
            fields.append("\"scales\":{" + scales.sorted { $0.key < $1.key }.map { JSONText.quoted($0.key) + ":" + String($0.value) }
                .joined(separator: ",") + "}")
        }
        if let subscaleScores { fields.append("\"subscaleScores\":[" + subscaleScores.map(String.init).joined(separator: ",") + "]") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func number(_ value: Double) -> String {
        if let whole = Int(exactly: value) { return String(whole) }
        return value.isFinite ? "\(value)" : "null"
    }

    /// Reads the shapes `json` writes; returns nil for anything else.
    private struct FastReader {
        var bytes: Substring.UTF8View

        init(_ json: String) { bytes = json[...].utf8 }

        mutating func read() -> MeasureValues? {
            var values = MeasureValues()
            guard take("{") else { return nil }
            if take("}") { return bytes.isEmpty ? values : nil }
            repeat {
                guard let key = string(), take(":") else { return nil }
                switch key {
                case "itemScores": guard let list = integers() else { return nil }; values.itemScores = list
                case "subscaleScores": guard let list = integers() else { return nil }; values.subscaleScores = list
                case "categoryScores": guard let list = numbers() else { return nil }; values.categoryScores = list
                case "classification": guard let text = string() else { return nil }; values.classification = text
                case "scales":
                    guard take("{") else { return nil }
                    var scales: [String: Int] = [:]
                    if !take("}") {
                        repeat {
                            guard let name = string(), take(":"), let number = number(), let whole = Int(exactly: number) else { return nil }
                            scales[name] = whole
                        } while take(",")
                        guard take("}") else { return nil }
                    }
                    values.scales = scales
                default: return nil
                }
            } while take(",")
            guard take("}") else { return nil }
            return bytes.isEmpty ? values : nil
        }

        private mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard bytes.first == UInt8(ascii: character) else { return false }
            bytes.removeFirst()
            return true
        }

        /// A string without escapes.
        private mutating func string() -> String? {
            guard take("\"") else { return nil }
            guard let end = bytes.firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
                  bytes[end] == UInt8(ascii: "\"") else { return nil }
            let text = String(decoding: bytes[..<end], as: UTF8.self)
            bytes = bytes[bytes.index(after: end)...]
            return text
        }

        /// A plain decimal number: optional minus, digits, optional fraction. Whole numbers
        /// (nearly all scores) are added up digit by digit; a fraction goes through Double.
        private mutating func number() -> Double? {
            let start = bytes.startIndex
            var end = start, whole = 0, digits = 0, negative = false, fraction = false
            if end < bytes.endIndex, bytes[end] == UInt8(ascii: "-") { negative = true; end = bytes.index(after: end) }
            while end < bytes.endIndex {
                let byte = bytes[end]
                if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                    if digits < 15 { whole = whole * 10 + Int(byte - UInt8(ascii: "0")) }
                    digits += 1
                } else if byte == UInt8(ascii: ".") {
                    fraction = true
                } else {
                    break
                }
                end = bytes.index(after: end)
            }
            guard digits > 0 else { return nil }
            let value: Double
            if fraction || digits >= 15 {
                guard let parsed = Double(String(decoding: bytes[start..<end], as: UTF8.self)) else { return nil }
                value = parsed
            } else {
                value = Double(negative ? -whole : whole)
            }
            bytes = bytes[end...]
            return value
        }

        private mutating func numbers() -> [Double]? {
            guard take("[") else { return nil }
            var list: [Double] = []
            if take("]") { return list }
            repeat {
                guard let value = number() else { return nil }
                list.append(value)
            } while take(",")
            return take("]") ? list : nil
        }

        private mutating func integers() -> [Int]? {
            guard let list = numbers() else { return nil }
            let whole = list.compactMap { Int(exactly: $0) }
            return whole.count == list.count ? whole : nil
        }
    }
}
