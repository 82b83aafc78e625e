import AttuneCore
import Plot

/// The mechanism matrix as an accessible table: header cells with scope, a caption, each
/// rating shown as a letter and a word as well as a colour, and the totals in the footer.
struct MatrixTable {
    let matrix: MechanismMatrix
    /// Link each cell to its explanation on the same page.
    var explained = false

    var node: Node<HTML.BodyContext> {
        let mismatched = Set(matrix.discrepancies.map(\.programmeCode))
        let hasPrinted = matrix.columns.contains { $0.printedTotal != nil }
        return .div(
            .class("table-wrap"),
            .attr("role", "region"),
            .attr("aria-labelledby", "matrix-caption"),
            .attr("tabindex", "0"),
            .table(
                .class("matrix"),
                .caption(.id("matrix-caption"),
                         "Mechanisms of change provided by each programme (Y yes, V variable, N no, NA not assessed)"),
                .thead(.tr(
                    .th(.attr("scope", "col"), "Mechanism"),
                    .forEach(matrix.columns) { column in
                        .th(.attr("scope", "col"), .class("programme"),
                            .abbr(.title("\(column.programmeName), \(column.location)"), .text(column.programmeCode)))
                    }
                )),
                .tbody(.forEach(matrix.mechanisms) { mechanism in
                    .tr(
                        .th(.attr("scope", "row"), .class("mechanism"),
                            .span(.class("mechanism-id"), .text(mechanism.id.description)),
                            .text(" " + mechanism.shortName)),
                        .forEach(matrix.columns) { column in
                            ratingCell(matrix.rating(column, mechanism.id), mechanism: mechanism, column: column)
                        }
                    )
                }),
                .tfoot(
                    .tr(
                        .class("total-row"),
                        .th(.attr("scope", "row"), "Total (count of yes)"),
                        .forEach(matrix.columns) { .td(.class("total"), .text(String(matrix.recomputedTotal($0)))) }
                    ),
                    .if(hasPrinted, .tr(
                        .class("printed-row"),
                        .th(.attr("scope", "row"), "Total as printed in the paper"),
                        .forEach(matrix.columns) { column in
                            printedCell(column, differs: mismatched.contains(column.programmeCode))
                        }
                    ))
                )
            )
        )
    }

    private func ratingCell(_ rating: Rating, mechanism: Mechanism, column: MechanismMatrix.Column) -> Node<HTML.TableRowContext> {
        let letter: Node<HTML.BodyContext> = .span(.attr("aria-hidden", "true"), .text(rating.letter))
        let word: Node<HTML.BodyContext> = .span(.class("visually-hidden"), .text(rating.label))
        let anchor = ExplanationsSection.anchor(programme: column.programmeCode, mechanism: mechanism.id)
        return .td(
            .class("rating rating-\(rating.rawValue)"),
            .title("\(mechanism.id) \(mechanism.shortName), \(column.programmeCode): \(rating.label)"),
            explained
                ? .element(named: "a", nodes: [.attr("href", "#\(anchor)"), letter, word])
                : .group(letter, word)
        )
    }

    private func printedCell(_ column: MechanismMatrix.Column, differs: Bool) -> Node<HTML.TableRowContext> {
        guard let printed = column.printedTotal else { return .td() }
        guard differs else { return .td(.text(String(printed))) }
        return .td(
            .class("mismatch"),
            .text(String(printed)),
            .span(.attr("aria-hidden", "true"), " ≠"),
            .span(.class("visually-hidden"), " (differs from the recomputed total)")
        )
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

    static var node: Node<HTML.BodyContext> {
        .section(
            .class("legend"),
            .attr("aria-labelledby", "legend-title"),
            .h2(.id("legend-title"), "Key"),
            .ul(.forEach(explanations) { rating, explanation in
                .li(
                    .span(.class("swatch rating-\(rating.rawValue)"), .attr("aria-hidden", "true"), .text(rating.letter)),
                    .strong(.text(rating.label)), .text(": " + explanation)
                )
            })
        )
    }
}
