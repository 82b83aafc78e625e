import Foundation
import RealModule

/// Chi-squared test of independence on an r x c table of counts, as
/// scipy.stats.chi2_contingency: Yates' continuity correction for a 2x2 table unless switched
/// off, and a warning when expected counts are small.
public struct ChiSquaredTest: Equatable, Sendable, Codable {
    public let statistic: Double
    public let df: Int
    public let p: Double
    public let expected: [[Double]]
    public let yatesCorrected: Bool
    /// Set when any expected count is below 5.
    public let warning: String?

    public static func test(_ table: [[Int]], yates: Bool = true) -> Computed<ChiSquaredTest> {
        guard let width = table.first?.count, width > 0, table.allSatisfy({ $0.count == width }) else {
            return .notComputable("the table needs rows of equal, non-zero length")
        }
        guard table.allSatisfy({ $0.allSatisfy { $0 >= 0 } }) else { return .notComputable("counts cannot be negative") }
        let rows = table.map { Double($0.reduce(0, +)) }
        let columns = (0..<width).map { column in Double(table.map { $0[column] }.reduce(0, +)) }
        if let empty = rows.firstIndex(of: 0) { return .notComputable("row \(empty + 1) is empty") }
        if let empty = columns.firstIndex(of: 0) { return .notComputable("column \(empty + 1) is empty") }
        let total = rows.reduce(0, +)
        let expected = rows.map { row in columns.map { row * $0 / total } }
        let df = (table.count - 1) * (width - 1)
        guard df > 0 else { return .notComputable("a table with one row or one column has no degrees of freedom") }
        let corrected = yates && df == 1
        var statistic = 0.0
        for (i, row) in table.enumerated() {
            for (j, count) in row.enumerated() {
                var difference = Double(count) - expected[i][j]
                if corrected {
                    // Move each count half a unit towards its expectation, never past it.
                    difference -= (difference > 0 ? 1 : difference < 0 ? -1 : 0) * min(0.5, abs(difference))
                }
                statistic += difference * difference / expected[i][j]
            }
        }
        let small = expected.flatMap { $0 }.filter { $0 < 5 }
        let warning = small.isEmpty ? nil
            : "\(small.count) of \(table.count * width) cells have an expected count below 5 (smallest \(String(format: "%.1f", small.min()!))); the chi-squared approximation may be poor"
                + (df == 1 ? ": Fisher's exact test is better for this table" : "")
        return .value(ChiSquaredTest(statistic: statistic, df: df, p: Distributions.chiSquaredSF(statistic, df: Double(df)),
                                     expected: expected, yatesCorrected: corrected, warning: warning))
    }
}

/// Fisher's exact test on a 2x2 table [[a, b], [c, d]], as scipy.stats.fisher_exact.
public struct FisherExactTest: Equatable, Sendable, Codable {
    public enum Alternative: String, CaseIterable, Sendable, Codable {
        case twoSided = "two-sided", less, greater
    }

    /// The sample odds ratio ad / bc; nil when infinite (b or c is 0), with `oddsRatioNote`.
    public let oddsRatio: Double?
    public let oddsRatioNote: String?
    public let p: Double
    public let alternative: Alternative

    public static func test(_ table: [[Int]], alternative: Alternative = .twoSided) -> Computed<FisherExactTest> {
        guard table.count == 2, table.allSatisfy({ $0.count == 2 }) else { return .notComputable("Fisher's exact test here takes a 2x2 table") }
        let (a, b, c, d) = (table[0][0], table[0][1], table[1][0], table[1][1])
        guard [a, b, c, d].allSatisfy({ $0 >= 0 }) else { return .notComputable("counts cannot be negative") }
        let row1 = a + b, row2 = c + d, column1 = a + c
        if row1 == 0 || row2 == 0 { return .notComputable("a row of the table is empty") }
        if column1 == 0 || b + d == 0 { return .notComputable("a column of the table is empty") }
        let total = row1 + row2
        let support = max(0, column1 - row2)...min(column1, row1)
        func logChoose(_ n: Int, _ k: Int) -> Double {
            Double.logGamma(Double(n + 1)) - Double.logGamma(Double(k + 1)) - Double.logGamma(Double(n - k + 1))
        }
        let logDenominator = logChoose(total, column1)
        func pmf(_ x: Int) -> Double { Double.exp(logChoose(row1, x) + logChoose(row2, column1 - x) - logDenominator) }

        let p: Double
        switch alternative {
        case .less:
            p = (support.lowerBound...a).map(pmf).reduce(0, +)
        case .greater:
            p = (a...support.upperBound).map(pmf).reduce(0, +)
        case .twoSided:
            let observed = pmf(a)
            let mode = Int(Double((column1 + 1) * (row1 + 1)) / Double(total + 2))
            let atMode = pmf(mode)
            if abs(observed - atMode) / max(observed, atMode) <= 1e-14 {
                p = 1
            } else {
                // Every table no more probable than the one observed (with SciPy's relative tolerance).
                p = support.map(pmf).filter { $0 <= observed * (1 + 1e-14) }.reduce(0, +)
            }
        }
        let infinite = b == 0 || c == 0
        return .value(FisherExactTest(
            oddsRatio: infinite ? nil : Double(a * d) / Double(b * c),
            oddsRatioNote: infinite ? "infinite: a cell of the off-diagonal is 0" : nil,
            p: min(1, p), alternative: alternative))
    }
}
