/// Do observers agree? (issue 27, part 2.) Percentage agreement and Cohen's kappa with its
/// standard error and 95% interval, as statsmodels' `cohens_kappa`; weighted kappa, linear and
/// quadratic, as scikit-learn's `cohen_kappa_score`; Fleiss' kappa for three or more observers,
/// as statsmodels' `fleiss_kappa`. Checked against them to 1e-9 (scripts/make_agreement_goldens.py).
public enum Agreement {
    /// Two observers' agreement on one check.
    public struct Kappa: Equatable, Sendable, Codable {
        /// Items both observers rated.
        public let n: Int
        /// The share of items on which they agreed (0-1).
        public let agreement: Double
        public let kappa: Double
        /// Its standard error (under the alternative: Fleiss, Cohen and Everitt, 1969).
        public let standardError: Double
        /// The 95% interval, kappa ± 1.96 standard errors.
        public let low: Double
        public let high: Double
    }

    /// How far apart two ordered categories count in a weighted kappa.
    public enum Weights: String, Sendable, CaseIterable, Codable {
        case linear, quadratic
    }

    static let z975 = 1.959963984540054

    /// The observers' ratings as a square table of counts, in the order of `categories`.
    static func table<Category: Hashable>(_ pairs: [(Category, Category)], categories: [Category]) -> [[Double]] {
        let position = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($0.element, $0.offset) })
        var table = Array(repeating: Array(repeating: 0.0, count: categories.count), count: categories.count)
        for (first, second) in pairs {
            guard let row = position[first], let column = position[second] else { continue }
            table[row][column] += 1
        }
        return table
    }

    /// Cohen's kappa of two observers' ratings of the same items (`pairs`), in `categories`.
    public static func cohen<Category: Hashable>(_ pairs: [(Category, Category)], categories: [Category]) -> Computed<Kappa> {
        let table = table(pairs, categories: categories)
        let k = categories.count
        let n = table.joined().reduce(0, +)
        guard n > 0 else { return .notComputable("no item was rated by both observers") }
        let probs = table.map { $0.map { $0 / n } }
        let rowShare = (0..<k).map { i in table[i].reduce(0, +) / n }
        let columnShare = (0..<k).map { j in (0..<k).map { table[$0][j] }.reduce(0, +) / n }
        let observed = (0..<k).map { probs[$0][$0] }.reduce(0, +)
        let expected = (0..<k).map { rowShare[$0] * columnShare[$0] }.reduce(0, +)
        guard expected < 1 else {
            return .notComputable("both observers gave every item the same one category, so agreement by chance is certain and kappa is undefined")
        }
        let kappa = (observed - expected) / (1 - expected)
        var termA = 0.0, termB = 0.0
        for i in 0..<k {
            let margin = 1 - (rowShare[i] + columnShare[i]) * (1 - kappa)
            termA += probs[i][i] * margin * margin
            for j in 0..<k where j != i {
                let sum = columnShare[i] + rowShare[j]
                termB += probs[i][j] * sum * sum
            }
        }
        termB *= (1 - kappa) * (1 - kappa)
        let termC = (kappa - expected * (1 - kappa)) * (kappa - expected * (1 - kappa))
        let variance = (termA + termB - termC) / ((1 - expected) * (1 - expected)) / n
        let standardError = max(variance, 0).squareRoot()
        return .value(Kappa(n: Int(n), agreement: observed, kappa: kappa, standardError: standardError,
                            low: kappa - z975 * standardError, high: kappa + z975 * standardError))
    }

    /// Weighted kappa of two observers' ratings in ordered `categories` (for the derived
    /// Yes / Variable / No ratings: disagreeing by one step counts less than by two).
    public static func weighted<Category: Hashable>(_ pairs: [(Category, Category)], categories: [Category], weights: Weights) -> Computed<Double> {
        let table = table(pairs, categories: categories)
        let k = categories.count
        let n = table.joined().reduce(0, +)
        guard n > 0 else { return .notComputable("no item was rated by both observers") }
        let rows = (0..<k).map { i in table[i].reduce(0, +) }
        let columns = (0..<k).map { j in (0..<k).map { table[$0][j] }.reduce(0, +) }
        var observed = 0.0, expected = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let distance = Double(abs(i - j))
                let weight = weights == .linear ? distance : distance * distance
                observed += weight * table[i][j]
                expected += weight * rows[i] * columns[j] / n
            }
        }
        guard expected > 0 else {
            return .notComputable("both observers gave every item the same one category, so agreement by chance is certain and kappa is undefined")
        }
        return .value(1 - observed / expected)
    }

    /// Fleiss' kappa: `ratings` holds, for each item, every observer's category; each item needs
    /// the same number of observers, at least two.
    public static func fleiss<Category: Hashable>(_ ratings: [[Category]], categories: [Category]) -> Computed<Double> {
        guard let observers = ratings.first?.count, !ratings.isEmpty else { return .notComputable("no item was rated") }
        guard observers >= 2 else { return .notComputable("each item needs at least two observers") }
        guard ratings.allSatisfy({ $0.count == observers }) else {
            return .notComputable("every item needs the same number of observers (\(observers)); some have another")
        }
        let position = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($0.element, $0.offset) })
        let counts = ratings.map { item -> [Double] in
            var row = Array(repeating: 0.0, count: categories.count)
            for rating in item { if let index = position[rating] { row[index] += 1 } }
            return row
        }
        let items = Double(counts.count), raters = Double(observers)
        let categoryShare = (0..<categories.count).map { j in counts.map { $0[j] }.reduce(0, +) / (items * raters) }
        let itemAgreement = counts.map { row in (row.map { $0 * $0 }.reduce(0, +) - raters) / (raters * (raters - 1)) }
        let meanAgreement = itemAgreement.reduce(0, +) / items
        let chance = categoryShare.map { $0 * $0 }.reduce(0, +)
        guard chance < 1 else {
            return .notComputable("every observer gave every item the same one category, so agreement by chance is certain and kappa is undefined")
        }
        return .value((meanAgreement - chance) / (1 - chance))
    }
}
