import AttuneCore
import Foundation
import Testing
@testable import AttuneHTML

@Suite("The evaluation report as HTML")
struct EvaluationReportTests {
    let evaluation: Evaluation

    init() throws {
        evaluation = Evaluation(title: "Study", document: try StudyEvidence.load(), rubric: try Rubric.standard())
    }

    @Test("the HTML report is self-contained, with a chart and a text alternative for each analysis, and prints on A4")
    func html() {
        let html = EvaluationReport.html(evaluation)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(html.components(separatedBy: #"<svg class="chart"#).count - 1 == 6) // heatmap, scatter, 3 slopes, funnel
        #expect(html.components(separatedBy: "<desc id=").count - 1 == 6)
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("Reconstructed study data"))
        #expect(html.contains("Spearman&#39;s rho"))
        for bad in ["NaN", "nan", "inf", "Infinity"] { #expect(!html.contains(">\(bad)<") && !html.contains(" \(bad) "), "\(bad)") }
    }

    @Test("the web page's part of the report is the file's, without the page around it")
    func sectionsAreThePagesPart() {
        let html = EvaluationReport.html(evaluation)
        #expect(html.contains(EvaluationReport.meta(evaluation).raw))
        #expect(html.contains(EvaluationReport.sections(evaluation).raw))
        #expect(!EvaluationReport.sections(evaluation).raw.contains("<style"))
    }

    @Test("an evaluation with no measures says in the report what is not computable")
    func noMeasures() throws {
        var document = try StudyEvidence.load()
        document.measurements = []
        let empty = Evaluation(title: "No measures", document: document, rubric: try Rubric.standard())
        let html = EvaluationReport.html(empty)
        #expect(html.contains("not computable"))
        for bad in ["NaN", "Infinity"] { #expect(!html.contains(bad), "\(bad)") }
    }

    @Test("a hostile title is shown as text in the report, never as markup")
    func hostileTitle() throws {
        let hostile = Evaluation(title: Hostile.closing + Hostile.quote, document: try StudyEvidence.load(), rubric: try Rubric.standard())
        let html = EvaluationReport.html(hostile)
        #expect(!html.contains("<script"))
        #expect(!html.contains("' onload"))
        #expect(html.contains("<title>\(Hostile.closingEscaped + Hostile.quoteEscaped)</title>"))
        #expect(html.contains("<h1>\(Hostile.closingEscaped + Hostile.quoteEscaped)</h1>"))
    }
}

/// Text that would add markup if it were not escaped: one closes a double-quoted attribute and
/// starts a script, the other closes a single-quoted one and adds a handler.
enum Hostile {
    static let closing = #""><script>alert(1)</script>"#
    static let quote = "' onload='x"
    static let closingEscaped = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    static let quoteEscaped = "&#39; onload=&#39;x"
}
