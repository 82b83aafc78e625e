import Foundation
import Testing
@testable import AttuneCore

/// Every statistic against scipy.stats, from Resources/statistics-goldens.json, written by
/// scripts/make_statistics_goldens.py. Within 1e-9 relative; 1e-12 absolute only for values
/// that are themselves near zero (never for p-values, which are checked relatively down to
/// 1e-300; a p-value SciPy underflows to 0 must be below 1e-300 here too).
@Suite("Statistics against SciPy")
struct StatisticsGoldenTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let kind: String
        let inputs: [String: JSONValue]
        let expected: [String: Double?]
        var testDescription: String { "\(kind) \(inputs.keys.sorted().map { "\($0)=\(inputs[$0]!.brief)" }.joined(separator: " "))" }
    }

    enum JSONValue: Decodable, Sendable {
        case number(Double), text(String), bool(Bool), list([JSONValue]), null
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Double.self) { self = .number(value) }
            else if let value = try? container.decode(String.self) { self = .text(value) }
            else { self = .list(try container.decode([JSONValue].self)) }
        }
        var number: Double { if case .number(let v) = self { return v }; return .nan }
        var optionalNumbers: [Double?] { if case .list(let items) = self { return items.map { if case .number(let v) = $0 { return v }; return nil } }; return [] }
        var numbers: [Double] { optionalNumbers.compactMap { $0 } }
        var table: [[Int]] { if case .list(let rows) = self { return rows.map { $0.numbers.map { Int($0) } } }; return [] }
        var brief: String {
            switch self {
            case .number(let v): "\(v)"
            case .text(let t): t
            case .bool(let b): "\(b)"
            case .list(let items): "[\(items.count)]"
            case .null: "null"
            }
        }
    }

    static let cases: [Case] = {
        let url = Bundle.module.url(forResource: "statistics-goldens", withExtension: "json", subdirectory: "Resources")!
        struct File: Decodable { let cases: [Case] }
        return (try? JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases) ?? []
    }()

    static func check(_ name: String, _ actual: Double?, _ expected: Double??, pValue: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let expected = expected ?? nil else {
            #expect(actual == nil, "\(name): expected no value, got \(String(describing: actual))", sourceLocation: sourceLocation)
            return
        }
        guard let actual else { Issue.record("\(name): expected \(expected), got nothing", sourceLocation: sourceLocation); return }
        #expect(actual.isFinite, "\(name) is not finite", sourceLocation: sourceLocation)
        let error = abs(actual - expected)
        let ok = error <= 1e-9 * abs(expected)
            || (!pValue && abs(expected) < 1e-12 && error <= 1e-12)
            || (pValue && expected == 0 && actual < 1e-300)
        #expect(ok, "\(name): \(actual) vs SciPy \(expected) (relative error \(error / max(abs(expected), 1e-300)))", sourceLocation: sourceLocation)
    }

    @Test("the golden file holds cases of every kind")
    func coverage() {
        #expect(Set(Self.cases.map(\.kind)) == ["incomplete_beta", "incomplete_gamma", "t_sf", "chi2_sf", "normal_sf", "descriptive",
                                                 "paired_t", "wilcoxon", "chi2", "fisher", "correlation", "study_need_provision"])
        #expect(Self.cases.count >= 70)
    }

    @Test("matches SciPy", arguments: cases)
    func golden(_ c: Case) throws {
        let i = c.inputs, e = c.expected
        switch c.kind {
        case "incomplete_beta":
            Self.check("I_x", SpecialFunctions.regularizedIncompleteBeta(a: i["a"]!.number, b: i["b"]!.number, x: i["x"]!.number), e["value"], pValue: true)
        case "incomplete_gamma":
            Self.check("P", SpecialFunctions.regularizedGammaP(a: i["a"]!.number, x: i["x"]!.number), e["p"], pValue: true)
            Self.check("Q", SpecialFunctions.regularizedGammaQ(a: i["a"]!.number, x: i["x"]!.number), e["q"], pValue: true)
        case "t_sf":
            Self.check("t sf", Distributions.studentTSF(i["t"]!.number, df: i["df"]!.number), e["value"], pValue: true)
        case "chi2_sf":
            Self.check("chi2 sf", Distributions.chiSquaredSF(i["x"]!.number, df: i["df"]!.number), e["value"], pValue: true)
        case "normal_sf":
            Self.check("normal sf", Distributions.normalSF(i["z"]!.number), e["value"], pValue: true)
        case "descriptive":
            let d = Descriptive(i["values"]!.optionalNumbers)
            Self.check("n", Double(d.n), e["n"])
            Self.check("missing", Double(d.missing), e["missing"])
            for (name, value) in [("mean", d.mean), ("sd", d.sd), ("median", d.median), ("q1", d.q1), ("q3", d.q3), ("min", d.minimum), ("max", d.maximum)] {
                Self.check(name, value.value, e[name])
            }
        case "paired_t":
            let r = try #require(PairedTTest.test(i["x"]!.optionalNumbers, i["y"]!.optionalNumbers).value)
            Self.check("t", r.t, e["t"]); Self.check("df", r.df, e["df"]); Self.check("p", r.p, e["p"], pValue: true)
            Self.check("d_z", r.cohensDz, e["dz"]); Self.check("g", r.hedgesG, e["g"])
        case "wilcoxon":
            let r = try #require(WilcoxonSignedRank.test(i["x"]!.optionalNumbers, i["y"]!.optionalNumbers).value)
            Self.check("statistic", r.statistic, e["statistic"]); Self.check("p (\(r.method))", r.p, e["p"], pValue: true)
        case "chi2":
            guard case .bool(let yates) = i["yates"]! else { Issue.record("yates"); return }
            let r = try #require(ChiSquaredTest.test(i["table"]!.table, yates: yates).value)
            Self.check("chi2", r.statistic, e["statistic"]); Self.check("df", Double(r.df), e["df"]); Self.check("p", r.p, e["p"], pValue: true)
        case "fisher":
            guard case .text(let name) = i["alternative"]!, let alternative = FisherExactTest.Alternative(rawValue: name) else { Issue.record("alternative"); return }
            let r = try #require(FisherExactTest.test(i["table"]!.table, alternative: alternative).value)
            Self.check("odds ratio", r.oddsRatio, e["odds_ratio"]); Self.check("p", r.p, e["p"], pValue: true)
        case "correlation":
            let x = i["x"]!.optionalNumbers, y = i["y"]!.optionalNumbers
            let pearson = try #require(Correlation.pearson(x, y).value)
            Self.check("r", pearson.coefficient, e["pearson_r"]); Self.check("pearson p", pearson.p, e["pearson_p"], pValue: true)
            Self.check("pearson low", pearson.interval.value?.lowerBound, e["pearson_low"]); Self.check("pearson high", pearson.interval.value?.upperBound, e["pearson_high"])
            let spearman = try #require(Correlation.spearman(x, y).value)
            Self.check("rho", spearman.coefficient, e["spearman_rho"]); Self.check("spearman p", spearman.p, e["spearman_p"], pValue: true)
            Self.check("spearman low", spearman.interval.value?.lowerBound, e["spearman_low"]); Self.check("spearman high", spearman.interval.value?.upperBound, e["spearman_high"])
        case "study_need_provision":
            // The whole evaluation pipeline on the study, against SciPy on shares recomputed in Python.
            let evaluation = Evaluation(title: "study", document: try StudyEvidence.load(), rubric: try Rubric.standard())
            let analysis = evaluation.needVersusProvision
            for row in analysis.rows { Self.check("share \(row.programmeId)", row.highNeedShareEnrolled.value, e["share_\(row.programmeId)"]) }
            let rho = try #require(analysis.correlation.value)
            Self.check("rho", rho.coefficient, e["rho"]); Self.check("p", rho.p, e["p"], pValue: true)
        default:
            Issue.record("unknown kind \(c.kind)")
        }
    }
}

@Suite("Statistics: degenerate input is not computable, never NaN")
struct StatisticsDegenerateTests {
    @Test("too few values, no variance, empty rows and columns each say why")
    func degenerate() {
        #expect(PairedTTest.test([1], [2]).reason == "a paired test needs at least 2 complete pairs; there is 1")
        #expect(PairedTTest.test([1, 2, 3], [0, 1, 2]).reason?.contains("no variance") == true)
        #expect(PairedTTest.test([1, nil, 3], [0, 4, nil]).reason?.contains("there is 1") == true)
        #expect(WilcoxonSignedRank.test([1, 2], [1, 2]).reason == "every pair has a difference of zero")
        #expect(Correlation.pearson([1, 2, 3, 4], [5, 5, 5, 5]).reason == "the second variable does not vary")
        #expect(Correlation.spearman([1, 2], [3, 4]).reason?.contains("at least 3") == true)
        #expect(ChiSquaredTest.test([[0, 0], [3, 4]]).reason == "row 1 is empty")
        #expect(ChiSquaredTest.test([[1, 0], [3, 0]]).reason == "column 2 is empty")
        #expect(FisherExactTest.test([[0, 0], [3, 4]]).reason == "a row of the table is empty")
        #expect(Descriptive([nil, nil]).mean.reason == "no values")
        #expect(Descriptive([4]).sd.reason?.contains("at least 2") == true)
        #expect(Correlation.pearson([1, 2, 3], [2, 4, 6]).value?.interval.reason?.contains("more than 3") == true)
    }

    @Test("small expected counts raise a warning that names Fisher's test for a 2x2 table")
    func smallExpected() throws {
        let result = try #require(ChiSquaredTest.test([[0, 5], [6, 9]]).value)
        #expect(result.warning?.contains("expected count below 5") == true)
        #expect(result.warning?.contains("Fisher") == true)
        #expect(try #require(ChiSquaredTest.test([[30, 20], [25, 40]]).value).warning == nil)
    }

    @Test("an infinite odds ratio is reported as such, not as infinity")
    func infiniteOddsRatio() throws {
        let result = try #require(FisherExactTest.test([[0, 5], [6, 9]]).value)
        #expect(result.oddsRatio == nil || result.oddsRatio == 0)
        let infinite = try #require(FisherExactTest.test([[5, 0], [6, 9]]).value)
        #expect(infinite.oddsRatio == nil)
        #expect(infinite.oddsRatioNote?.contains("infinite") == true)
    }

    @Test("a correlation matrix gives each pair its own complete-pair n")
    func matrix() {
        let matrix = CorrelationMatrix(columns: [("a", [1, 2, 3, 4, nil]), ("b", [2, 1, 4, 3, 5]), ("c", [nil, 1, 2, 3, 4])])
        #expect(matrix.cells[0][1].value?.n == 4)
        #expect(matrix.cells[0][2].value?.n == 3)
        #expect(matrix.cells[1][2].value?.n == 4)
    }
}
