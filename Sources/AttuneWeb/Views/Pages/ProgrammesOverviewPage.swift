import AttuneCore
import AttuneHTML
import Foundation
import Vapor

/// The programmes page when the user's centres hold too many programmes to show every rating
/// and explanation at once (a region, the country): summaries with drill-down. How often each
/// mechanism is provided, totals against the share of high-need mothers, the programmes with
/// the worst gaps first (filtered, sorted, a page at a time), and the centres. Each programme
/// links to its own page, which has its ratings and their explanations.
enum ProgrammesOverviewPage {
    /// Up to this many programmes, the programmes page shows every profile in full.
    static let fullListLimit = 40

    /// What the address asks for: the filter, the order and the pages.
    struct Query {
        var filter = ProvisionOverview.Filter()
        var order = ProvisionOverview.Order.gaps
        var page = 1
        var centresPage = 1
        /// What could not be used, in words, beside the form.
        var problems: [String] = []

        init() {}

        init(_ request: Request) {
            func text(_ name: String) -> String? {
                guard let value = request.query[String.self, at: name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
                return value
            }
            func number(_ name: String) -> Int {
                guard let raw = text(name) else { return 1 }
                guard let value = Int(raw), value >= 1 else { problems.append("page \(raw) is not a page number; showing the first"); return 1 }
                return value
            }
            filter.centre = text("centre")
            if let raw = text("mechanism") {
                if let id = MechanismID(raw), MechanismCatalogue.mechanism(id) != nil { filter.mechanism = id } else { problems.append("mechanism \(raw) is not one of M1-M15") }
            }
            if let raw = text("rating") {
                if let rating = Rating(rawValue: raw) { filter.rating = rating } else { problems.append("rating \(raw) is not yes, variable, no or not assessed") }
            }
            if filter.mechanism == nil && filter.rating != nil || filter.mechanism != nil && filter.rating == nil {
                problems.append("choose both a mechanism and a rating to filter by them")
                filter.mechanism = nil
                filter.rating = nil
            }
            if let raw = text("need") {
                if let percent = Double(raw), (0...100).contains(percent) { filter.highNeedAtLeast = percent / 100 } else {
                    problems.append("high-need share \(raw) is not a percentage from 0 to 100")
                }
            }
            if let raw = text("order") {
                if let order = ProvisionOverview.Order(rawValue: raw) { self.order = order } else { problems.append("order \(raw) is not one offered") }
            }
            page = number("page")
            centresPage = number("centres_page")
        }

        /// The address of this view with some of it changed.
        func link(page: Int? = nil, centresPage: Int? = nil, centre: String?? = nil, anchor: String) -> String {
            var items: [(String, String)] = []
            if let centre = centre ?? filter.centre { items.append(("centre", centre)) }
            if let mechanism = filter.mechanism, let rating = filter.rating {
                items += [("mechanism", mechanism.description), ("rating", rating.rawValue)]
            }
            if let need = filter.highNeedAtLeast { items.append(("need", NumberText.number(need * 100, digits: 0))) }
            if order != .gaps { items.append(("order", order.rawValue)) }
            let page = page ?? self.page, centresPage = centresPage ?? self.centresPage
            if page > 1 { items.append(("page", String(page))) }
            if centresPage > 1 { items.append(("centres_page", String(centresPage))) }
            let query = items.map { "\($0.0)=\(SiteRoute.escape($0.1))" }.joined(separator: "&")
            return SiteRoute.programmes.path + (query.isEmpty ? "" : "?" + query) + "#" + anchor
        }
    }

    static func main(overview: ProvisionOverview, query: Query, rubricLine: String) -> SafeHTML {
        let started = overview.needVersusProvision.rows.count
        let correlation: String = switch overview.needVersusProvision.correlation {
        case .value(let value): String(format: "%.2f", value.coefficient)
        case .notComputable: "–"
        }
        let summary: [SafeHTML] = [
            tile(NumberText.grouped(overview.programmes.count), "programmes"),
            tile(NumberText.grouped(overview.centres.count), "centres"),
            tile(NumberText.grouped(started), "started"),
            tile(NumberText.grouped(overview.needVersusProvision.inverseCare.count), "in the highest-need and lowest-provision thirds"),
            tile(correlation, "correlation of need and provision (Spearman)"),
        ]
        let notice: SafeHTML = overview.reconstructed ? "<div class=\"notice\" role=\"note\"><strong>\(StudyEvidence.notice)</strong></div>" : ""
        return """
        <h1>Programmes and their mechanism profiles</h1>
        <p class="lede">\(NumberText.grouped(overview.programmes.count)) programmes in \(NumberText.grouped(overview.centres.count)) centres: too many to show every rating here. Below, how often each mechanism is provided, where need and provision do not meet, and the programmes with the worst gaps first. Open a programme for its ratings and the numbers behind them.</p>
        \(notice)<ul class="summary" aria-label="Summary">\(summary)</ul>
        \(mechanismsSection(overview))
        \(needSection(overview))
        \(programmesSection(overview, query: query))
        \(centresSection(overview, query: query))
        <p class="provenance">\(rubricLine)</p>
        \(RatingLegend.html)
        """
    }

    private static func tile(_ value: String, _ label: String) -> SafeHTML {
        "<li><span class=\"summary-value\">\(value)</span><span class=\"summary-label\">\(label)</span></li>"
    }

    // MARK: Mechanisms

    private static func mechanismsSection(_ overview: ProvisionOverview) -> SafeHTML {
        let rows = overview.mechanisms.map { counts -> SafeHTML in
            """
            <tr><th scope="row"><span class="mechanism-id">\(counts.mechanism.id.description)</span> \(counts.mechanism.shortName)</th><td class="number">\(counts.yes)</td><td class="number">\(counts.variable)</td><td class="number">\(counts.no)</td><td class="number">\(counts.notAssessed)</td></tr>
            """
        }
        return """
        <section class="chart-section" aria-labelledby="mechanism-counts-title"><h2 id="mechanism-counts-title">How often each mechanism is provided</h2>
        \(OverviewCharts.mechanismBars(overview.mechanisms, titleID: "mechanism-counts-title"))
        <details><summary>The numbers</summary><div class="table-wrap" role="region" aria-label="Programmes by rating of each mechanism" tabindex="0"><table class="data">
        <thead><tr><th scope="col">Mechanism</th><th scope="col">Yes</th><th scope="col">Variable</th><th scope="col">No</th><th scope="col">Not assessed</th></tr></thead>
        <tbody>\(rows)</tbody></table></div></details>
        </section>
        """
    }

    // MARK: Need against provision

    private static func needSection(_ overview: ProvisionOverview) -> SafeHTML {
        let header = (0..<10).map { tenth -> SafeHTML in "<th scope=\"col\">\(OverviewCharts.tenthLabel(tenth))</th>" }
        let rows = overview.needGrid.indices.reversed().map { total -> SafeHTML in
            "<tr><th scope=\"row\">\(total)</th>\(overview.needGrid[total].map { SafeHTML("<td class=\"number\">\($0)</td>") })</tr>"
        }
        return """
        <section class="chart-section" aria-labelledby="need-grid-title"><h2 id="need-grid-title">Need against provision</h2>
        <p>Each started programme by its mechanism total (up) and the share of the mothers it enrolled who are in high need (across). The inverse care law shows as programmes in the bottom right: many mothers in high need, few mechanisms.</p>
        \(OverviewCharts.needGrid(overview.needGrid, titleID: "need-grid-title"))
        <p>\(inverseCareSentence(overview))</p>
        <details><summary>The numbers</summary><div class="table-wrap" role="region" aria-label="Programmes by total and high-need share" tabindex="0"><table class="data">
        <thead><tr><th scope="col">Total</th>\(header)</tr></thead><tbody>\(rows)</tbody></table></div></details>
        </section>
        """
    }

    /// How many programmes sit in the highest-need and lowest-provision thirds, and how to list
    /// them: naming each, as the audit does, would make a page of codes at this scale.
    private static func inverseCareSentence(_ overview: ProvisionOverview) -> SafeHTML {
        let count = overview.needVersusProvision.inverseCare.count
        let correlation: String = switch overview.needVersusProvision.correlation {
        case .value(let value): "Spearman's rho between the share of high-need mothers and the total is \(String(format: "%.2f", value.coefficient)) over \(NumberText.grouped(value.n)) programmes."
        case .notComputable(let reason): "The correlation cannot be computed: \(reason)."
        }
        guard count > 0 else { return "No programme is both in the highest-need third and the lowest-provision third. \(correlation)" }
        return "\(NumberText.grouped(count)) programme\(count == 1 ? " is" : "s are") in both the highest-need third (share of high-need mothers enrolled) and the lowest-provision third (mechanism total): they are flagged below, first among equal totals. \(correlation)"
    }

    // MARK: Programmes

    private static func programmesSection(_ overview: ProvisionOverview, query: Query) -> SafeHTML {
        let page = overview.listed(query.filter, order: query.order, page: query.page)
        let mechanismOptions = [("", "Any mechanism")] + MechanismCatalogue.all.map { ($0.id.description, "\($0.id) \($0.shortName)") }
        let ratingOptions = [("", "Any rating")] + Rating.allCases.map { ($0.rawValue, $0.label) }
        let orderOptions = ProvisionOverview.Order.allCases.map { ($0.rawValue, $0.label) }
        func options(_ choices: [(String, String)], selected: String?) -> SafeHTML {
            SafeHTML.join(choices.map { value, label -> SafeHTML in
                "<option value=\"\(value)\"\(value == (selected ?? "") ? SafeHTML(" selected") : "")>\(label)</option>"
            })
        }
        let problems: SafeHTML = query.problems.isEmpty ? "" :
            "<div class=\"note\" role=\"note\"><strong>Not used: </strong>\(query.problems.joined(separator: "; ")).</div>"
        let rows = page.items.map { programme -> SafeHTML in
            let share = programme.highNeedShare.map { NumberText.number($0 * 100, digits: 0) + "%" } ?? "–"
            let flag: SafeHTML = overview.isProvisional(programme) ? "<span class=\"flag flag-provisional\">Provisional</span>"
                : overview.isInverseCare(programme.programmeId) ? "<span class=\"flag\">Highest need, lowest provision</span>" : ""
            return """
            <tr><th scope="row"><a href="\(SiteRoute.programme(programme.programmeId).path)">\(programme.programmeId)</a> <span class="muted">\(programme.name)</span></th><td><a href="\(query.link(page: 1, centre: .some(programme.centreId), anchor: "programmes-title"))">\(programme.centreName)</a></td><td class="number">\(programme.total)</td><td class="number">\(programme.heldSessions) of \(programme.plannedSessions)</td><td class="number">\(share)</td><td>\(flag)</td></tr>
            """
        }
        let table: SafeHTML = page.items.isEmpty ? "<p>No programme matches. <a href=\"\(SiteRoute.programmes.path)#programmes-title\">Clear the filters</a>.</p>" : """
        <div class="table-wrap" role="region" aria-labelledby="programmes-title" tabindex="0"><table class="data">
        <caption>\(page.total) programme\(page.total == 1 ? "" : "s"), \(query.order.label.lowercased()); page \(page.number) of \(page.count)</caption>
        <thead><tr><th scope="col">Programme</th><th scope="col">Centre</th><th scope="col">Total (of 14)</th><th scope="col">Sessions held</th><th scope="col">High-need share</th><th scope="col"><span class="visually-hidden">Flag</span></th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        \(pager(page, label: "Pages of programmes") { query.link(page: $0, anchor: "programmes-title") })
        """
        return """
        <section aria-labelledby="programmes-title"><h2 id="programmes-title">Programmes, worst gaps first</h2>
        <form method="get" action="\(SiteRoute.programmes.path)#programmes-title" class="filters">
        <div class="field"><label for="filter-centre">Centre code</label><input type="text" id="filter-centre" name="centre" value="\(query.filter.centre ?? "")" autocomplete="off"></div>
        <div class="field"><label for="filter-mechanism">Mechanism</label><select id="filter-mechanism" name="mechanism">\(options(mechanismOptions, selected: query.filter.mechanism?.description))</select></div>
        <div class="field"><label for="filter-rating">Rated</label><select id="filter-rating" name="rating">\(options(ratingOptions, selected: query.filter.rating?.rawValue))</select></div>
        <div class="field"><label for="filter-need">High-need share at least (%)</label><input type="number" id="filter-need" name="need" min="0" max="100" inputmode="numeric" value="\(query.filter.highNeedAtLeast.map { NumberText.number($0 * 100, digits: 0) } ?? "")"></div>
        <div class="field"><label for="filter-order">Order</label><select id="filter-order" name="order">\(options(orderOptions, selected: query.order.rawValue))</select></div>
        <div class="actions"><button type="submit" class="button">Show</button>\(query.filter.isEmpty ? "" : SafeHTML(" <a href=\"\(SiteRoute.programmes.path)#programmes-title\">Clear</a>"))</div>
        </form>
        \(problems)\(provisionalNote(overview))\(table)
        </section>
        """
    }

    /// How many programmes are provisional, and what that means for the counts above.
    private static func provisionalNote(_ overview: ProvisionOverview) -> SafeHTML {
        let count = overview.provisionalCount
        guard count > 0 else { return "" }
        return "<p class=\"muted\">\(NumberText.grouped(count)) programme\(count == 1 ? " is" : "s are") provisional: fewer than \(overview.provisionalBelowHeldSessions) sessions held. \(count == 1 ? "It is" : "They are") listed after the others, marked, and left out of the counts, the chart and the comparisons above.</p>"
    }

    // MARK: Centres

    private static func centresSection(_ overview: ProvisionOverview, query: Query) -> SafeHTML {
        let page = overview.centres(page: query.centresPage)
        let rows = page.items.map { centre -> SafeHTML in
            """
            <tr><th scope="row"><a href="\(query.link(page: 1, centre: .some(centre.centreId), anchor: "programmes-title"))">\(centre.name)</a> <span class="muted">\(centre.centreId)</span></th><td class="number">\(centre.deprivationDecile.map(String.init) ?? "–")</td><td class="number">\(centre.programmes)</td><td class="number">\(NumberText.number(centre.meanTotal, digits: 1))</td><td class="number">\(centre.lowestTotal)</td><td class="number">\(centre.inverseCare)</td></tr>
            """
        }
        return """
        <section aria-labelledby="centres-title"><h2 id="centres-title">Centres</h2>
        <p>Those with the most programmes in the highest-need and lowest-provision thirds first. Choose a centre to list its programmes.</p>
        <div class="table-wrap" role="region" aria-labelledby="centres-title" tabindex="0"><table class="data">
        <caption>\(page.total) centres; page \(page.number) of \(page.count)</caption>
        <thead><tr><th scope="col">Centre</th><th scope="col">Deprivation decile</th><th scope="col">Programmes</th><th scope="col">Mean total</th><th scope="col">Lowest total</th><th scope="col">Highest need, lowest provision</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        \(pager(page, label: "Pages of centres") { query.link(centresPage: $0, anchor: "centres-title") })
        </section>
        """
    }

    /// Previous, page n of m, next: nothing for a single page.
    static func pager<Item>(_ page: ProvisionOverview.Page<Item>, label: String, link: (Int) -> String) -> SafeHTML {
        Pager.links(number: page.number, count: page.count, label: label, link: link)
    }

}
