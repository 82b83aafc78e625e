/// n, missing, mean, SD, median, quartiles, minimum and maximum of a column with gaps.
/// Quartiles interpolate linearly between order statistics, as numpy's default does.
public struct Descriptive: Equatable, Sendable, Codable {
    public let n: Int
    public let missing: Int
    public let mean: Computed<Double>
    /// Sample standard deviation (n - 1).
    public let sd: Computed<Double>
    public let median: Computed<Double>
    public let q1: Computed<Double>
    public let q3: Computed<Double>
    public let minimum: Computed<Double>
    public let maximum: Computed<Double>

    public init(_ values: [Double?]) {
        let present = values.compactMap { $0 }.filter(\.isFinite).sorted()
        n = present.count
        missing = values.count - present.count
        guard !present.isEmpty else {
            let none = Computed<Double>.notComputable("no values")
            (mean, sd, median, q1, q3, minimum, maximum) = (none, none, none, none, none, none, none)
            return
        }
        let average = present.reduce(0, +) / Double(n)
        mean = .value(average)
        if n < 2 {
            sd = .notComputable("a standard deviation needs at least 2 values; there is 1")
        } else {
            sd = .value((present.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(n - 1)).squareRoot())
        }
        let count = present.count
        func quantile(_ p: Double) -> Double {
            let position = p * Double(count - 1)
            let lower = Int(position.rounded(.down))
            let upper = min(lower + 1, count - 1)
            return present[lower] + (position - Double(lower)) * (present[upper] - present[lower])
        }
        median = .value(quantile(0.5))
        q1 = .value(quantile(0.25))
        q3 = .value(quantile(0.75))
        minimum = .value(present[0])
        maximum = .value(present[count - 1])
    }
}
