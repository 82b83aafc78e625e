import AttuneCore
import AttuneHTML

/// The mechanism matrix as an accessible table: header cells with scope, a caption, each
/// rating shown as a letter and a word as well as a colour, and the totals in the footer.
struct MatrixTable {
    let matrix: MechanismMatrix
    /// Link each cell to its explanation on the same page.
    var explained = false
    /// Link each programme's code to its page.
    var linkedToProgrammes = false

    var html: SafeHTML {
        let mismatched = Set(matrix.discrepancies.map(\.programmeCode))
        let hasPrinted = matrix.columns.contains { $0.printedTotal != nil }
        let programmeHeaders = matrix.columns.map { column -> SafeHTML in
            let code: SafeHTML = "<abbr title=\"\(column.programmeName), \(column.location)\">\(column.programmeCode)</abbr>"
            return linkedToProgrammes
                ? "<th scope=\"col\" class=\"programme\"><a href=\"\(SiteRoute.programme(column.programmeCode).path)\">\(code)</a></th>"
                : "<th scope=\"col\" class=\"programme\">\(code)</th>"
        }
        let rows = matrix.mechanisms.map { mechanism -> SafeHTML in
            let cells = matrix.columns.map { column in
                ratingCell(matrix.rating(column, mechanism.id), mechanism: mechanism, column: column)
            }
            return "<tr><th scope=\"row\" class=\"mechanism\"><span class=\"mechanism-id\">\(mechanism.id.description)</span> \(mechanism.shortName)</th>\(cells)</tr>"
        }
        let totals = matrix.columns.map { column -> SafeHTML in "<td class=\"total\">\(matrix.recomputedTotal(column))</td>" }
        let printedRow: SafeHTML = hasPrinted
            ? "<tr class=\"printed-row\"><th scope=\"row\">Total as printed in the paper</th>\(matrix.columns.map { printedCell($0, differs: mismatched.contains($0.programmeCode)) })</tr>"
            : ""
        return """
        <div class="table-wrap" role="region" aria-labelledby="matrix-caption" tabindex="0"><table class="matrix">
        <caption id="matrix-caption">Mechanisms of change provided by each programme (Y yes, V variable, N no, NA not assessed)</caption>
        <thead><tr><th scope="col">Mechanism</th>\(programmeHeaders)</tr></thead>
        <tbody>\(rows)</tbody>
        <tfoot><tr class="total-row"><th scope="row">Total (count of yes)</th>\(totals)</tr>\(printedRow)</tfoot>
        </table></div>
        """
    }

    private func ratingCell(_ rating: Rating, mechanism: Mechanism, column: MechanismMatrix.Column) -> SafeHTML {
        let letterAndWord: SafeHTML = "<span aria-hidden=\"true\">\(rating.letter)</span><span class=\"visually-hidden\">\(rating.label)</span>"
        let anchor = ExplanationsSection.anchor(programme: column.programmeCode, mechanism: mechanism.id)
        let content: SafeHTML = explained ? "<a href=\"#\(anchor)\">\(letterAndWord)</a>" : letterAndWord
        return "<td class=\"rating rating-\(rating.rawValue)\" title=\"\(mechanism.id.description) \(mechanism.shortName), \(column.programmeCode): \(rating.label)\">\(content)</td>"
    }

    private func printedCell(_ column: MechanismMatrix.Column, differs: Bool) -> SafeHTML {
        guard let printed = column.printedTotal else { return "<td></td>" }
        guard differs else { return "<td>\(printed)</td>" }
        return "<td class=\"mismatch\">\(printed)<span aria-hidden=\"true\"> ≠</span><span class=\"visually-hidden\"> (differs from the recomputed total)</span></td>"
    }
}

/// The key to the rating letters and colours.
enum RatingLegend {
    static let explanations: [(Rating, String)] = [
        (.yes, "the programme provides the mechanism"),
        (.variable, "provided in some sessions or by some facilitators"),
        (.no, "not provided"),
        (.notAssessed, "no evidence recorded yet; never the same as no"),
    ]

    static var html: SafeHTML {
        let items = explanations.map { rating, explanation -> SafeHTML in
            "<li><span class=\"swatch rating-\(rating.rawValue)\" aria-hidden=\"true\">\(rating.letter)</span><strong>\(rating.label)</strong>: \(explanation)</li>"
        }
        return "<section class=\"legend\" aria-labelledby=\"legend-title\"><h2 id=\"legend-title\">Key</h2><ul>\(items)</ul></section>"
    }
}
