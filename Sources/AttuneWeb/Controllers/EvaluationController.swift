import AttuneCore
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
        let document = try await Scoped.evidence(request, includingMeasures: true)
        let rubric = request.application.attuneRubric
        // The evaluation is heavy work (and uses both cores): keep it off the event loop, so
        // other requests are served meanwhile.
        let evaluation = try await request.application.threadPool.runIfActive {
            Evaluation(title: "Evaluation", document: document, rubric: rubric)
        }
        let context = PageContext(request, section: .evaluation)
        let main: SafeHTML = """
        <h1>Evaluation</h1>
        <p class="lede">\(evaluation.profiles.count) programmes of your centres. Print this page for an A4 report; `attune report` writes the same as a file.</p>
        <div class="report">\(SafeHTML(trustedMarkup: EvaluationReport.meta(evaluation)))\(SafeHTML(trustedMarkup: EvaluationReport.sections(evaluation)))</div>
        """
        return PageFrame.render(title: "Evaluation", context: context, main: main)
    }
}
