import AttuneCore
import AttuneHTML
import Foundation

/// The closed audit cycles compared (`Trend`): a chart and table of the mechanism totals and
/// the need-versus-provision correlation, and every rating that changed with its old and new
/// reasons side by side.
enum CyclesPage {
    static func main(context: PageContext, cycles: [AuditCycle], programme: String? = nil, centre: String? = nil,
                     values: [String: String], problems: [String: String]) -> SafeHTML {
        let trend = Trend(cycles, programme: programme, centre: centre)
        let closeForm: SafeHTML = context.can(.closeCycles) ? """
        <section class="card" aria-labelledby="close-title"><h2 id="close-title">Close a cycle</h2>
        <p>Closing freezes every programme's profile as it stands now, with the rubric and the reasons, so that the next cycle can be compared with it. Close one at the end of each term.</p>
        \(FormField.errorSummary(problems))
        <form method="post" action="\(SiteRoute.cycles.path)">\(context.csrfField)
        \(FormField.text("name", label: "Name of the cycle", value: values["name"], error: problems["name"], hint: "e.g. Autumn term 2026; each name once."))
        <div class="actions"><button type="submit" class="button">Close the cycle</button></div></form></section>
        """ : ""
        let only = programme.map { "Programme \($0)" } ?? centre.map { "The programmes of centre \($0)" }
        let narrowed: SafeHTML = only.map { "<p class=\"muted\">\($0) only. <a href=\"\(SiteRoute.cycles.path)\">All your programmes</a>.</p>" } ?? ""
        let centres = Set(cycles.flatMap { $0.profiles.map(\.centreId) }).sorted()
        let centreLinks: SafeHTML = centres.count > 1 && only == nil
            ? "<p class=\"muted\">One centre's trend: \(SafeHTML.join(centres.prefix(50).map { "<a href=\"\(SiteRoute.cycles.path)?centre=\(SiteRoute.escape($0))\">\($0)</a>" }, separator: ", "))\(centres.count > 50 ? " ..." : "").</p>" : ""
        guard !cycles.isEmpty else {
            return """
            <p class="breadcrumb"><a href="\(SiteRoute.evaluation.path)">Evaluation</a> › Audit cycles</p>
            <h1>Audit cycles and the trend</h1>
            <p class="lede">No audit cycle is closed yet. Once two are, this page shows which ratings changed and why.</p>
            \(closeForm)
            """
        }
        let chart = SVGCharts.cycleTrend(trend.points.map { SVGCharts.CyclePoint(label: $0.cycle, meanTotal: $0.meanTotal, correlation: $0.correlation) },
                                         titleID: "trend-title")
        let closedAt = Dictionary(cycles.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let pointRows = trend.points.map { point -> SafeHTML in
            let cycle = closedAt[point.cycle]
            return "<tr><th scope=\"row\">\(point.cycle)</th><td data-label=\"Closed\">\(cycle.map { LocalClock.london.stamp($0.closedAt) } ?? "")</td><td data-label=\"Programmes\">\(point.programmes)</td><td data-label=\"Mean total\">\(point.meanTotal.map { NumberText.number($0, digits: 1) } ?? "–")</td><td data-label=\"Rho\">\(point.correlation.map { NumberText.number($0) } ?? "–")</td></tr>"
        }
        // Reasons name facilitators: only for those who may see personal details.
        let reasons = context.can(.viewPersonalDetails)
        let changeRows = trend.changes.reversed().map { change -> SafeHTML in
            let direction: SafeHTML = change.improved ? "<span class=\"flag-low rating-yes\">Up</span>" : "<span class=\"flag-low rating-no\">Down</span>"
            let why: SafeHTML = reasons ? "<td data-label=\"Before, why\" class=\"prose\">\(change.before.explanation)</td><td data-label=\"After, why\" class=\"prose\">\(change.after.explanation)</td>" : ""
            return "<tr><th scope=\"row\"><a href=\"\(SiteRoute.programme(change.programmeId).path)\">\(change.programmeName)</a> (\(change.programmeId))</th><td data-label=\"Mechanism\">\(change.mechanism.description) \(MechanismCatalogue.mechanism(change.mechanism)?.shortName ?? "")</td><td data-label=\"Cycles\">\(change.fromCycle) → \(change.toCycle)</td><td data-label=\"Rating\">\(RatingView.badge(change.before.rating)) → \(RatingView.badge(change.after.rating)) \(direction)</td>\(why)</tr>"
        }
        let whyHeaders: SafeHTML = reasons ? "<th scope=\"col\">Before: why</th><th scope=\"col\">After: why</th>" : ""
        let changes: SafeHTML = trend.changes.isEmpty
            ? (trend.points.count < 2 ? "<p>Close a second cycle to see which ratings changed.</p>" : "<p>No rating changed between cycles.</p>")
            : """
            <div class="table-wrap" role="region" aria-labelledby="changes-title" tabindex="0"><table class="stacked"><thead><tr><th scope="col">Programme</th><th scope="col">Mechanism</th><th scope="col">Cycles</th><th scope="col">Rating</th>\(whyHeaders)</tr></thead><tbody>\(changeRows)</tbody></table></div>
            """
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.evaluation.path)">Evaluation</a> › Audit cycles</p>
        <h1>Audit cycles and the trend</h1>
        <p class="lede">\(cycles.count) cycle\(cycles.count == 1 ? "" : "s") closed. Each froze every programme's profile; later ones are compared with earlier ones.</p>
        \(narrowed)\(centreLinks)
        <section class="card report" aria-labelledby="trend-title"><h2 id="trend-title">The trend</h2>
        <figure>\(chart)</figure>
        <div class="table-wrap" role="region" aria-labelledby="trend-title" tabindex="0"><table class="stacked"><caption>The chart's values (provisional programmes left out of the totals; the correlation is of all programmes)</caption><thead><tr><th scope="col">Cycle</th><th scope="col">Closed</th><th scope="col">Programmes</th><th scope="col">Mean total</th><th scope="col">Need against provision (rho)</th></tr></thead><tbody>\(pointRows)</tbody></table></div></section>
        <section class="card" aria-labelledby="changes-title"><h2 id="changes-title">Ratings that changed</h2>\(changes)</section>
        \(closeForm)
        """
    }
}
