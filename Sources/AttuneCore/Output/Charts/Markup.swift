import Foundation

/// Escaping for text placed in HTML or SVG built as strings.
public enum Markup {
    public static func escape(_ text: String) -> String {
        // One pass over the bytes; most text on a page has nothing to escape and is returned as
        // it is (five replacingOccurrences were a tenth of a page's time).
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                                          || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A number for a page: at most `digits` decimals, trailing zeros dropped.
    public static func number(_ value: Double, digits: Int = 2) -> String {
        var text = String(format: "%.\(digits)f", value)
        while text.contains(".") && (text.hasSuffix("0") || text.hasSuffix(".")) { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A whole number with its thousands marked: 12000 as "12,000".
    public static func grouped(_ number: Int) -> String {
        let digits = Array(String(number.magnitude))
        let marked = digits.enumerated().map { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? ",\(digit)" : String(digit)
        }.joined()
        return number < 0 ? "-" + marked : marked
    }

    /// A p-value as people read it: "< 0.001", or three decimals.
    public static func pValue(_ p: Double) -> String {
        p < 0.001 ? "< 0.001" : String(format: "%.3f", p)
    }

    /// The same in a sentence: "p < 0.001" or "p = 0.035".
    public static func pPhrase(_ p: Double) -> String {
        p < 0.001 ? "p < 0.001" : "p = " + String(format: "%.3f", p)
    }
}
