import AttuneCore
import AttuneStore
import Vapor

/// The home page: every programme's mechanism profile as one accessible table.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
    }

    @Sendable
    func home(request: Request) async throws -> Response {
        let evidence = try await EvidenceStore.load(includingMeasures: false, on: request.db)
        let report = AuditReport(title: "Mechanism profiles", document: evidence, rubric: request.application.attuneRubric,
                                 printedTotals: try await ProgrammeModel.printedTotals(on: request.db))
        let published = try await ProgrammeModel.publishedMatrix(on: request.db)
        return HTMLResponse.page(HomePage(model: HomePageModel(report: report, published: published)).document)
    }
}
