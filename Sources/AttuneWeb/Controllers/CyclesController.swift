import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// Audit cycles (issue 27, part 3): the trend of the user's centres across closed cycles, and
/// for managers and administrators the form that closes the next one.
struct CyclesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.cycles.pathComponents, use: show)
        routes.post(SiteRoute.cycles.pathComponents, use: close)
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        try await render(request, values: [:], problems: [:])
    }

    @Sendable
    func close(request: Request) async throws -> Response {
        let user = try request.require(.closeCycles)
        let values = try request.content.decode([String: String].self)
        do {
            let cycle = try await CycleStore.close(name: values["name"] ?? "", rubric: request.application.attuneRubric, by: user.username,
                                                   now: request.now, on: request.db)
            request.session.data["flash"] = "Closed the audit cycle \(cycle.name): \(cycle.profiles.count) programme profiles frozen."
            return request.redirect(to: SiteRoute.cycles.path, redirectType: .normal)
        } catch let error as FormProblems {
            return try await render(request, values: values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
        }
    }

    private func render(_ request: Request, values: [String: String], problems: [String: String],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try request.require(.viewEvaluation)
        let cycles = try await CycleStore.cycles(centres: user.scope.centreFilter, on: request.db)
        let context = PageContext(request, section: .evaluation)
        return PageFrame.render(title: "Audit cycles", context: context,
                                main: CyclesPage.main(context: context, cycles: cycles, programme: request.query[String.self, at: "programme"],
                                                      centre: request.query[String.self, at: "centre"], values: values, problems: problems),
                                status: status)
    }
}
