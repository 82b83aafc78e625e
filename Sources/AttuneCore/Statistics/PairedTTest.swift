/// Paired t-test on x - y (as scipy.stats.ttest_rel), with Cohen's d_z and Hedges' g for the
/// paired differences.
public struct PairedTTest: Equatable, Sendable, Codable {
    public let n: Int
    public let meanDifference: Double
    public let t: Double
    public let df: Double
    /// Two-sided.
    public let p: Double
    /// Mean difference over the SD of the differences.
    public let cohensDz: Double
    /// d_z with the small-sample correction J = 1 - 3 / (4 (n - 1) - 1).
    public let hedgesG: Double

    /// Pairs with a missing value on either side are left out.
    public static func test(_ x: [Double?], _ y: [Double?]) -> Computed<PairedTTest> {
        let differences = zip(x, y).compactMap { pair -> Double? in
            guard let a = pair.0, let b = pair.1, a.isFinite, b.isFinite else { return nil }
            return a - b
        }
        let n = differences.count
        guard n >= 2 else { return .notComputable("a paired test needs at least 2 complete pairs; there \(n == 1 ? "is 1" : "are \(n)")") }
        let mean = differences.reduce(0, +) / Double(n)
        let variance = differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        guard variance > 0 else { return .notComputable("every pair changed by the same amount, so the differences have no variance") }
        let sd = variance.squareRoot()
        let t = mean / (sd / Double(n).squareRoot())
        let df = Double(n - 1)
        let dz = mean / sd
        return .value(PairedTTest(n: n, meanDifference: mean, t: t, df: df, p: Distributions.studentTTwoSided(t, df: df),
                                  cohensDz: dz, hedgesG: dz * (1 - 3 / (4 * df - 1))))
    }
}
