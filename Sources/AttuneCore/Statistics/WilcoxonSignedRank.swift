import Foundation

/// Wilcoxon signed-rank test on x - y, two-sided, as scipy.stats.wilcoxon does by default
/// (zero_method "wilcox", no continuity correction, method "auto"): zero differences are
/// dropped from the ranks; with no ties and no zeros and n <= 50 the exact distribution is
/// used; with ties or zeros and n <= 13 every sign pattern is enumerated; otherwise the normal
/// approximation with the tie correction.
public struct WilcoxonSignedRank: Equatable, Sendable, Codable {
    public enum Method: String, Sendable, Codable { case exact, permutation, normalApproximation = "normal_approximation" }

    /// min(R+, R-).
    public let statistic: Double
    public let p: Double
    public let method: Method
    /// Pairs, including those with a zero difference.
    public let n: Int
    public let zeros: Int

    public static func test(_ x: [Double?], _ y: [Double?]) -> Computed<WilcoxonSignedRank> {
        let d = zip(x, y).compactMap { pair -> Double? in
            guard let a = pair.0, let b = pair.1, a.isFinite, b.isFinite else { return nil }
            return a - b
        }
        let nonzero = d.filter { $0 != 0 }
        guard !nonzero.isEmpty else {
            return .notComputable(d.isEmpty ? "no complete pairs" : "every pair has a difference of zero")
        }
        let (ranks, groups) = Ranks.average(nonzero.map(abs))
        let rPlus = zip(nonzero, ranks).filter { $0.0 > 0 }.map(\.1).reduce(0, +)
        let rMinus = zip(nonzero, ranks).filter { $0.0 < 0 }.map(\.1).reduce(0, +)
        let hasTies = groups.contains { $0 > 1 }
        let zeros = d.count - nonzero.count
        let statistic = min(rPlus, rMinus)

        let method: Method = d.count > 50 ? .normalApproximation
            : (!hasTies && zeros == 0) ? .exact
            : d.count <= 13 ? .permutation : .normalApproximation
        let p: Double
        switch method {
        case .exact:
            p = exactP(rPlus: rPlus, count: nonzero.count)
        case .permutation:
            p = permutationP(rPlus: rPlus, signs: d.map { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }, ranksOfNonzero: ranks)
        case .normalApproximation:
            let count = Double(nonzero.count)
            let mean = count * (count + 1) / 4
            let tieCorrection = groups.map { Double($0 * $0 * $0 - $0) }.reduce(0, +)
            let se = ((count * (count + 1) * (2 * count + 1) - tieCorrection / 2) / 24).squareRoot()
            let z = (rPlus - mean) / se
            p = min(1, 2 * Distributions.normalSF(abs(z)))
        }
        return .value(WilcoxonSignedRank(statistic: statistic, p: p, method: method, n: d.count, zeros: zeros))
    }

    /// 2 min(P(T >= floor(R+)), P(T <= ceil(R+))) under the exact null distribution of T = R+.
    static func exactP(rPlus: Double, count: Int) -> Double {
        let maximum = count * (count + 1) / 2
        // ways[s]: the number of subsets of {1..count} whose ranks sum to s.
        var ways = [Double](repeating: 0, count: maximum + 1)
        ways[0] = 1
        for rank in 1...count {
            for sum in stride(from: maximum, through: rank, by: -1) { ways[sum] += ways[sum - rank] }
        }
        let total = Double(1 << count)
        let upper = Int(rPlus.rounded(.down)), lower = Int(rPlus.rounded(.up))
        let sf = ways[upper...].reduce(0, +) / total
        let cdf = ways[...lower].reduce(0, +) / total
        return min(1, 2 * min(sf, cdf))
    }

    /// Every one of the 2^n sign patterns (zeros included, as SciPy's permutation test does).
    static func permutationP(rPlus: Double, signs: [Int], ranksOfNonzero: [Double]) -> Double {
        var ranks: [Double] = []
        var next = 0
        for sign in signs {
            if sign == 0 { ranks.append(0) } else { ranks.append(ranksOfNonzero[next]); next += 1 }
        }
        let patterns = 1 << signs.count
        let tolerance = abs(rPlus) * 1e-14
        var atMost = 0, atLeast = 0
        for pattern in 0..<patterns {
            var statistic = 0.0
            for (index, rank) in ranks.enumerated() where pattern & (1 << index) != 0 { statistic += rank }
            if statistic <= rPlus + tolerance { atMost += 1 }
            if statistic >= rPlus - tolerance { atLeast += 1 }
        }
        return min(1, 2 * Double(min(atMost, atLeast)) / Double(patterns))
    }
}
