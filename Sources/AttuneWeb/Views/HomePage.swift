import AttuneCore
import Plot

/// What the home page shows, computed from the matrix; the view only lays it out.
struct HomePageModel {
    let matrix: MechanismMatrix

    var isEmpty: Bool { matrix.columns.isEmpty }

    var totals: [(code: String, total: Int)] {
        matrix.columns.map { ($0.programmeCode, matrix.recomputedTotal($0)) }
    }

    var ratedMechanismCount: Int { matrix.mechanisms.filter { $0.scale.countsTowardsPaperTotal }.count }

    /// "12 (B7)" style summaries for the highest and lowest totals.
    func extreme(highest: Bool) -> String {
        guard let value = highest ? totals.map(\.total).max() : totals.map(\.total).min() else { return "–" }
        let codes = totals.filter { $0.total == value }.map(\.code).joined(separator: ", ")
        return "\(value) (\(codes))"
    }
}

struct HomePage {
    let model: HomePageModel

    var document: HTML {
        Layout.document(title: "Mechanism profiles", main: .group(
            .h1("Mechanism profiles"),
            .p(.class("lede"),
               "Which of the paper's 14 mechanisms of change each programme provides. A programme needs these to change early relationships; the total counts each \"yes\", as the paper does."),
            model.isEmpty ? emptyState : profiles
        ))
    }

    private var emptyState: Node<HTML.BodyContext> {
        .section(
            .class("empty-state"),
            .h2("No programmes recorded yet"),
            .p("This database holds no programmes. To explore Attune with the eight programmes from the study, start it with the demo data:"),
            .pre(.code("attune serve --demo"))
        )
    }

    private var profiles: Node<HTML.BodyContext> {
        .group(
            .ul(
                .class("summary"),
                .attr("aria-label", "Summary"),
                summaryItem(value: String(model.matrix.columns.count), label: "programmes"),
                summaryItem(value: String(model.ratedMechanismCount), label: "mechanisms rated"),
                summaryItem(value: model.extreme(highest: true), label: "highest total"),
                summaryItem(value: model.extreme(highest: false), label: "lowest total")
            ),
            MatrixTable(matrix: model.matrix).node,
            .forEach(model.matrix.discrepancies) { discrepancy in
                .div(.class("note"), .attr("role", "note"),
                     .strong("Printed total corrected. "), .text(discrepancy.message))
            },
            RatingLegend.node,
            MechanismDefinitions(mechanisms: MechanismCatalogue.all).node,
            .section(
                .class("chart-section"),
                .h2(.id("totals-chart-title"), "Mechanisms present per programme"),
                .raw(SVGBarChart(
                    titleID: "totals-chart-title",
                    bars: model.totals.map { .init(label: $0.code, value: $0.total) },
                    maximum: model.ratedMechanismCount,
                    valueDescription: "mechanisms rated yes"
                ).svg)
            )
        )
    }

    private func summaryItem(value: String, label: String) -> Node<HTML.ListContext> {
        .li(.span(.class("summary-value"), .text(value)), .span(.class("summary-label"), .text(label)))
    }
}
