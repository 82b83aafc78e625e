import Foundation
import RealModule

/// Pearson or Spearman correlation with its two-sided p-value and a Fisher-z 95% interval.
public struct Correlation: Equatable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case pearson, spearman }

    public let kind: Kind
    public let coefficient: Double
    /// Complete pairs used.
    public let n: Int
    public let p: Double
    /// The 95% interval from Fisher's z; not computable for n <= 3 or a perfect correlation.
    public let interval: Computed<ClosedRange<Double>>

    public static func pearson(_ x: [Double?], _ y: [Double?]) -> Computed<Correlation> {
        compute(.pearson, pairs(x, y))
    }

    /// Pearson's r on the average ranks, as scipy.stats.spearmanr.
    public static func spearman(_ x: [Double?], _ y: [Double?]) -> Computed<Correlation> {
        let complete = pairs(x, y)
        let rankedX = Ranks.average(complete.map(\.0)).ranks
        let rankedY = Ranks.average(complete.map(\.1)).ranks
        return compute(.spearman, Array(zip(rankedX, rankedY)))
    }

    static func pairs(_ x: [Double?], _ y: [Double?]) -> [(Double, Double)] {
        zip(x, y).compactMap { pair in
            guard let a = pair.0, let b = pair.1, a.isFinite, b.isFinite else { return nil }
            return (a, b)
        }
    }

    static func compute(_ kind: Kind, _ pairs: [(Double, Double)]) -> Computed<Correlation> {
        let n = pairs.count
        guard n >= 3 else { return .notComputable("a correlation needs at least 3 complete pairs; there \(n == 1 ? "is 1" : "are \(n)")") }
        let meanX = pairs.map(\.0).reduce(0, +) / Double(n)
        let meanY = pairs.map(\.1).reduce(0, +) / Double(n)
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for (a, b) in pairs {
            sxx += (a - meanX) * (a - meanX)
            syy += (b - meanY) * (b - meanY)
            sxy += (a - meanX) * (b - meanY)
        }
        guard sxx > 0 else { return .notComputable("the first variable does not vary") }
        guard syy > 0 else { return .notComputable("the second variable does not vary") }
        let r = max(-1, min(1, sxy / (sxx * syy).squareRoot()))
        let df = Double(n - 2)
        // Two-sided p from t = r sqrt(df / (1 - r^2)); 1 - r^2 is taken as (1 - r)(1 + r).
        let oneMinusR2 = (1 - r) * (1 + r)
        let p = oneMinusR2 <= 0 ? 0 : min(1, SpecialFunctions.regularizedIncompleteBeta(a: df / 2, b: 0.5, x: oneMinusR2, complement: r * r))
        let interval: Computed<ClosedRange<Double>>
        if n <= 3 {
            interval = .notComputable("Fisher's z interval needs more than 3 pairs")
        } else if abs(r) >= 1 {
            interval = .notComputable("the correlation is perfect, so Fisher's z is infinite")
        } else {
            let z = Double.atanh(r), half = Distributions.normalQuantile975 / Double(n - 3).squareRoot()
            interval = .value(Double.tanh(z - half)...Double.tanh(z + half))
        }
        return .value(Correlation(kind: kind, coefficient: r, n: n, p: p, interval: interval))
    }
}

/// Every pair of named columns, each with its own complete-pair n.
public struct CorrelationMatrix: Sendable, Codable {
    public let names: [String]
    /// cells[i][j] for names[i] against names[j].
    public let cells: [[Computed<Correlation>]]

    public init(columns: [(name: String, values: [Double?])], kind: Correlation.Kind = .pearson) {
        names = columns.map(\.name)
        cells = columns.map { row in
            columns.map { column in
                kind == .pearson ? Correlation.pearson(row.values, column.values) : Correlation.spearman(row.values, column.values)
            }
        }
    }
}
