import Foundation

/// Numbers as people read them, for every output: plain text, CSV, HTML pages and the report.
/// Text only; escaping for HTML is AttuneHTML's (SafeHTML).
public enum NumberText {
    /// At most `digits` decimals, trailing zeros dropped.
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

    /// A share as a whole percentage ("38%"), or a dash when it is not computable.
    public static func percent(_ share: Computed<Double>) -> String {
        share.value.map { "\(Int(($0 * 100).rounded()))%" } ?? "–"
    }
}
