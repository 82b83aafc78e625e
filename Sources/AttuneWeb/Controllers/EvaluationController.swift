import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// The evaluation of the user's programmes: the heatmap, need against provision, outcomes, the
/// training mix and reach, as the printed report shows them (SVG drawn on the server, a table
/// under each chart as its text alternative).
struct EvaluationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.evaluation.pathComponents, use: show)
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        // Too many programmes to evaluate on one page (a region, the country): one centre's at
        // a time, chosen from a list; `attune report` writes the whole evaluation to a file.
        var programmes: Set<String>?
        var heading = ""
        if let overview = try await ProgrammesController.overview(request) {
            guard let centre = request.query[String.self, at: "centre"] else { return try chooseCentre(request, overview) }
            let summaries = overview.programmes.filter { $0.centreId == centre }
            guard let first = summaries.first else { throw Scoped.notFound }
            programmes = Set(summaries.map(\.programmeId))
            heading = " of \(first.centreName)"
        }
        let rubric = request.application.attuneRubric
        // The report, as markup Attune built, kept while nothing is committed: one centre's (or
        // a few centres') evaluation is a few dozen kilobytes.
        let chosen = programmes
        let report = try await request.application.pageDataCache.value("evaluation", for: try request.user,
                                                                        detail: chosen?.sorted().joined(separator: ",") ?? "",
                                                                        anyScope: chosen != nil, on: request.db) {
            let document = try await Scoped.evidence(request, includingMeasures: true, programmes: chosen)
            // The profiles as stored at each write (with the document's overrides, withheld for
            // evaluators as the rest of it), not derived again.
            let stored = try await ProfileStore.storedProfiles(rubric: rubric, programmes: Set(document.programmes.map(\.id)),
                                                               includingEvidence: false, on: request.db)
            // The evaluation is heavy work (and uses both cores): keep it off the event loop, so
            // other requests are served meanwhile.
            // The action plan of these programmes, and the cycles that show what moved.
            let user = try request.user, programmes = Set(document.programmes.map(\.id))
            let rules = request.application.actionRules
            let plans = try await ActionStore.plans(centres: user.scope.centreFilter, on: request.db).filter { programmes.contains($0.programmeId) }
                .map { user.can(.viewPersonalDetails) ? $0 : $0.withholdingFreeText(rules: rules) }
            let cycles = try await CycleStore.cycles(centres: user.scope.centreFilter, on: request.db)
            return try await request.application.threadPool.runIfActive {
                let evaluation = Evaluation(title: "Evaluation", document: document, rubric: rubric, stored: stored)
                return (programmes: evaluation.profiles.count,
                        markup: SafeHTML.join([EvaluationReport.meta(evaluation), EvaluationReport.sections(evaluation, plans: plans, cycles: cycles)]))
            }
        }
        let context = PageContext(request, section: .evaluation)
        let main: SafeHTML = """
        <h1>Evaluation\(heading)</h1>
        <p class="lede">\(report.programmes) programmes of \(heading.isEmpty ? "your centres" : "the centre")\(heading.isEmpty ? "" : SafeHTML(" (<a href=\"\(SiteRoute.evaluation.path)\">choose another</a>)")). Print this page for an A4 report; `attune report` writes the same as a file. <a href="\(SiteRoute.cycles.path)">Audit cycles and the trend</a> · <a href="\(SiteRoute.actions.path)">Action plan</a>.</p>
        <div class="report">\(report.markup)</div>
        \(Self.researchExportForm(context))
        """
        return PageFrame.render(title: "Evaluation", context: context, main: main)
    }

    /// The research export's button, for those who may export (evaluators, administrators).
    static func researchExportForm(_ context: PageContext) -> SafeHTML {
        guard context.can(.exportResearch) else { return "" }
        return """
        <section class="card no-print" aria-labelledby="research-title"><h2 id="research-title">Research export</h2>
        <p>Your centres' records for analysis in SPSS, R or a spreadsheet, as one .zip file: a CSV per table (programmes with their ratings, \
        sessions, mothers and babies, invitations, attendance, measures with scores), a codebook, and <code>import.sps</code> and \
        <code>import.R</code> that read them with their labels. No names, contacts, addresses, free text or exact dates; mothers and babies \
        are known by pseudonyms that match no page of Attune. Only mothers who consented to research are included.</p>
        <form method="post" action="\(SiteRoute.researchExport.path)">\(context.csrfField)
        \(FormField.checkbox("unrecorded_consent", label: "Also include mothers never asked about research (records from before the question, such as the study's); never those who said no", checked: false))
        <div class="actions"><button type="submit" class="button">Download the research export</button></div>
        </form></section>
        """
    }

    /// The centres to choose from, a page at a time, those with the most programmes in the
    /// highest-need and lowest-provision thirds first.
    private func chooseCentre(_ request: Request, _ overview: ProvisionOverview) throws -> Response {
        let context = PageContext(request, section: .evaluation)
        return PageFrame.render(title: "Evaluation", context: context, main: """
        <h1>Evaluation</h1>
        <p class="lede">Your \(NumberText.grouped(overview.programmes.count)) programmes in \(NumberText.grouped(overview.centres.count)) centres are too many to evaluate on one page. Choose a centre for its evaluation. <a href="\(SiteRoute.programmes.path)">Programmes</a> shows where need and provision do not meet across all of them, and <code>attune report</code> writes the whole evaluation to a file.</p>
        \(Self.centreChooser(request, overview, path: SiteRoute.evaluation.path))
        \(Self.researchExportForm(context))
        """)
    }

    /// A page of the user's centres, each linking to `path?centre=C`: the pages that evaluate
    /// programmes (the evaluation, the suggested actions) take a region or the country one
    /// centre at a time.
    static func centreChooser(_ request: Request, _ overview: ProvisionOverview, path: String) -> SafeHTML {
        let number = request.query[Int.self, at: "page"] ?? 1
        let page = overview.centres(page: number)
        let rows = page.items.map { centre -> SafeHTML in
            """
            <tr><th scope="row"><a href="\(path)?centre=\(SiteRoute.escape(centre.centreId))">\(centre.name)</a> <span class="muted">\(centre.centreId)</span></th><td class="number">\(centre.programmes)</td><td class="number">\(NumberText.number(centre.meanTotal, digits: 1))</td><td class="number">\(centre.inverseCare)</td></tr>
            """
        }
        let pager = ProgrammesOverviewPage.pager(page, label: "Pages of centres") { "\(path)?page=\($0)" }
        return """
        <div class="table-wrap" role="region" aria-labelledby="centres-caption" tabindex="0"><table class="data">
        <caption id="centres-caption">\(NumberText.grouped(page.total)) centres; page \(page.number) of \(page.count)</caption>
        <thead><tr><th scope="col">Centre</th><th scope="col">Programmes</th><th scope="col">Mean total</th><th scope="col">Highest need, lowest provision</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        \(pager)
        """
    }
}
