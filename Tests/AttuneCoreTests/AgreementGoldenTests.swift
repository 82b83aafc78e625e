import Foundation
import Testing
@testable import AttuneCore

/// Observer agreement against statsmodels and scikit-learn (issue 27, part 2), from
/// Resources/agreement-goldens.json, written by scripts/make_agreement_goldens.py; within 1e-9.
@Suite("Observer agreement against statsmodels and scikit-learn")
struct AgreementGoldenTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        struct Inputs: Decodable, Sendable {
            let first: [String]?
            let second: [String]?
            let ratings: [[String]]?
            let categories: [String]
        }
        let kind: String
        let inputs: Inputs
        let expected: [String: Double]
        var testDescription: String { "\(kind), \(inputs.first?.count ?? inputs.ratings?.count ?? 0) items in \(inputs.categories.count) categories" }
    }

    static let cases: [Case] = {
        let url = Bundle.module.url(forResource: "agreement-goldens", withExtension: "json", subdirectory: "Resources")!
        struct File: Decodable { let cases: [Case] }
        return (try? JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases) ?? []
    }()

    static func close(_ actual: Double, _ expected: Double?, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let expected else { Issue.record("\(name): no golden value", sourceLocation: sourceLocation); return }
        let error = abs(actual - expected)
        #expect(error <= 1e-9 * abs(expected) || (abs(expected) < 1e-12 && error <= 1e-12),
                "\(name): \(actual) against \(expected)", sourceLocation: sourceLocation)
    }

    @Test("the golden file holds Cohen's and Fleiss' cases, weighted ones among them")
    func coverage() {
        #expect(Set(Self.cases.map(\.kind)) == ["cohen", "fleiss"])
        #expect(Self.cases.contains { $0.expected["quadratic"] != nil } && Self.cases.count >= 6)
    }

    @Test("matches statsmodels and scikit-learn", arguments: cases)
    func golden(_ c: Case) throws {
        switch c.kind {
        case "cohen":
            let first = try #require(c.inputs.first), second = try #require(c.inputs.second)
            let pairs = Array(zip(first, second))
            let kappa = try #require(Agreement.cohen(pairs, categories: c.inputs.categories).value)
            #expect(Double(kappa.n) == c.expected["n"])
            Self.close(kappa.agreement, c.expected["agreement"], "agreement")
            Self.close(kappa.kappa, c.expected["kappa"], "kappa")
            Self.close(kappa.standardError, c.expected["standard_error"], "standard error")
            Self.close(kappa.low, c.expected["low"], "low")
            Self.close(kappa.high, c.expected["high"], "high")
            for weights in Agreement.Weights.allCases where c.expected[weights.rawValue] != nil {
                let value = try #require(Agreement.weighted(pairs, categories: c.inputs.categories, weights: weights).value)
                Self.close(value, c.expected[weights.rawValue], "\(weights.rawValue) weighted kappa")
            }
        case "fleiss":
            let ratings = try #require(c.inputs.ratings)
            let value = try #require(Agreement.fleiss(ratings, categories: c.inputs.categories).value)
            Self.close(value, c.expected["kappa"], "Fleiss' kappa")
        default:
            Issue.record("unknown kind \(c.kind)")
        }
    }

    @Test("a kappa that cannot be computed says why instead of giving a number")
    func notComputable() {
        let same = Array(repeating: ("yes", "yes"), count: 5)
        #expect(Agreement.cohen(same, categories: ["yes", "no"]).reason?.contains("same one category") == true)
        #expect(Agreement.weighted(same, categories: ["yes", "variable", "no"], weights: .linear).reason?.contains("same one category") == true)
        #expect(Agreement.cohen([(String, String)](), categories: ["yes", "no"]).reason == "no item was rated by both observers")
        #expect(Agreement.fleiss([["yes", "no"], ["yes"]], categories: ["yes", "no"]).reason?.contains("same number of observers") == true)
        #expect(Agreement.fleiss([["yes"], ["no"]], categories: ["yes", "no"]).reason == "each item needs at least two observers")
    }
}
