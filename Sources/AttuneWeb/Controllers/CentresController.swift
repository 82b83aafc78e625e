import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// The administrator's centres: the list, adding one, changing one. The form is the centre's
/// definition (`EvidenceRecords.centre`, through `RecordForm`), checked as an import checks it.
struct CentresController: RouteCollection {
    /// The fields the forms show, in order; a centre's code is fixed once added.
    static let fields = ["id", "name", "area", "deprivation_decile"]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.centres.pathComponents, use: list)
        routes.post(SiteRoute.centres.pathComponents, use: add)
        routes.get(SiteRoute.centre(":code").pathComponents, use: edit)
        routes.post(SiteRoute.centre(":code").pathComponents, use: update)
    }

    @Sendable
    func list(request: Request) async throws -> Response {
        _ = try request.require(.manageUsers)
        return try await renderList(request, values: [:], problems: [:])
    }

    @Sendable
    func add(request: Request) async throws -> Response {
        _ = try request.require(.manageUsers)
        let values = try request.content.decode([String: String].self)
        let (centre, problems) = RecordForm.read(EvidenceRecords.centre, Self.fields, values: values)
        guard let centre else { return try await renderList(request, values: values, problems: problems, status: .unprocessableEntity) }
        do {
            try await CentreStore.add(centre, on: request.db)
        } catch let error as FormProblems {
            return try await renderList(request, values: values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
        }
        request.session.data["flash"] = "Added centre \(centre.id), \(centre.name). Give its staff accounts at Users."
        return request.redirect(to: SiteRoute.centres.path, redirectType: .normal)
    }

    @Sendable
    func edit(request: Request) async throws -> Response {
        _ = try request.require(.manageUsers)
        let centre = try await Self.centre(request)
        return render(request, centre: centre, values: RecordForm.values(of: centre), problems: [:])
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        _ = try request.require(.manageUsers)
        let stored = try await Self.centre(request)
        var values = try request.content.decode([String: String].self)
        values["id"] = stored.id
        let editable = Self.fields.filter { $0 != "id" }
        let (centre, problems) = RecordForm.read(EvidenceRecords.centre, editable, values: values, base: stored)
        guard let centre else { return render(request, centre: stored, values: values, problems: problems, status: .unprocessableEntity) }
        do {
            try await CentreStore.update(centre, on: request.db)
        } catch let error as FormProblems {
            return render(request, centre: stored, values: values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
        }
        request.session.data["flash"] = "Saved centre \(centre.id)."
        return request.redirect(to: SiteRoute.centres.path, redirectType: .normal)
    }

    /// The centre the address names; 404 for none.
    static func centre(_ request: Request) async throws -> Centre {
        guard let code = request.parameters.get("code"), let centre = try await CentreStore.find(code: code, on: request.db) else {
            throw Abort(.notFound)
        }
        return centre
    }

    private func renderList(_ request: Request, values: [String: String], problems: [String: String],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let query = ListQuery(request)
        let centres = try await CentreStore.list(query, on: request.db)
        let context = PageContext(request, section: .centres)
        return PageFrame.render(title: "Centres", context: context,
                                main: CentresPage.list(context: context, centres: centres, query: query, values: values, problems: problems), status: status)
    }

    private func render(_ request: Request, centre: Centre, values: [String: String], problems: [String: String],
                        status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request, section: .centres)
        return PageFrame.render(title: "Centre \(centre.id)", context: context,
                                main: CentresPage.edit(context: context, centre: centre, values: values, problems: problems), status: status)
    }
}
