import AttuneCore
import AttuneStore
import Vapor

/// The programmes of the user's centres with their mechanism totals, and one programme's
/// profile, sessions, enrolment and reach.
struct ProgrammesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.programmes.pathComponents, use: list)
        routes.get(SiteRoute.programme(":code").pathComponents, use: show)
    }

    @Sendable
    func list(request: Request) async throws -> Response {
        let document = try await Scoped.evidence(request)
        let report = AuditReport(title: "Mechanism profiles", document: document, rubric: request.application.attuneRubric,
                                 printedTotals: try await ProgrammeModel.printedTotals(on: request.db))
        let published = try await ProgrammeModel.publishedMatrix(on: request.db)
        let model = HomePageModel(report: report, published: published)
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "Programmes", context: context, main: SafeHTML(HomePage(model: model).main))
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        // One connection for the page's queries, rather than one taken from the pool for each.
        let (document, programme, needs) = try await request.db.withConnection { db in
            let (document, programme) = try await Scoped.programme(request, on: db)
            // Need from the signals stored with the measures, not by reading and scoring them.
            return (document, programme, try await MeasureStore.needs(ofDyads: Set(document.dyads.map(\.id)), on: db))
        }
        let index = EvidenceIndex(document)
        let profile = AssessmentEngine(rubric: request.application.attuneRubric).profile(of: programme, in: index)
        let reach = ReachReport(document: document, needs: needs)
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "Programme \(programme.id)", context: context, main: ProgrammePage.main(
            context: context, document: document, programme: programme, profile: profile,
            reach: reach.analysis.programmes.first { $0.id == programme.id }, journeys: reach.analysis.journeys,
            needs: reach.needs))
    }
}
