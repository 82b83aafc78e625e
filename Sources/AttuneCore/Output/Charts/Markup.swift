import Foundation

/// Escaping for text placed in HTML or SVG built as strings.
public enum Markup {
    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// A number for a page: at most `digits` decimals, trailing zeros dropped.
    public static func number(_ value: Double, digits: Int = 2) -> String {
        var text = String(format: "%.\(digits)f", value)
        while text.contains(".") && (text.hasSuffix("0") || text.hasSuffix(".")) { text.removeLast() }
        return text == "-0" ? "0" : text
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
