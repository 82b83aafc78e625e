import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// The administrator's facilitators: the list, adding one, changing one. Her details are the
/// facilitator's definition (`EvidenceRecords.facilitator`, through `RecordForm`), checked as an
/// import checks them; the centres they work in decide whose session logs offer them.
struct FacilitatorsController: RouteCollection {
    /// The definition's fields the forms show, in order; a facilitator's code is fixed once added.
    static let fields = ["id", "name", "role", "training_body", "training_days", "trained_on", "special_interests"]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.facilitators.pathComponents, use: list)
        routes.post(SiteRoute.facilitators.pathComponents, use: add)
        routes.get(SiteRoute.facilitator(":code").pathComponents, use: edit)
        routes.post(SiteRoute.facilitator(":code").pathComponents, use: update)
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
        let (facilitator, problems) = RecordForm.read(EvidenceRecords.facilitator, Self.fields, values: values)
        guard let facilitator else { return try await renderList(request, values: values, problems: problems, status: .unprocessableEntity) }
        do {
            try await FacilitatorStore.add(facilitator, centres: FormField.codes(values["centres"]), account: values["account"], on: request.db)
        } catch let error as FormProblems {
            return try await renderList(request, values: values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
        }
        request.session.data["flash"] = "Added facilitator \(facilitator.id), \(facilitator.name): their centres' session logs offer them now."
        return request.redirect(to: SiteRoute.facilitators.path, redirectType: .normal)
    }

    @Sendable
    func edit(request: Request) async throws -> Response {
        _ = try request.require(.manageUsers)
        let listed = try await Self.facilitator(request)
        var values = RecordForm.values(of: listed.facilitator)
        values["centres"] = listed.centres.joined(separator: ", ")
        values["account"] = listed.account
        return render(request, listed: listed, values: values, problems: [:])
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        _ = try request.require(.manageUsers)
        let stored = try await Self.facilitator(request)
        var values = try request.content.decode([String: String].self)
        values["id"] = stored.facilitator.id
        let (facilitator, problems) = RecordForm.read(EvidenceRecords.facilitator, Self.fields.filter { $0 != "id" }, values: values,
                                                      base: stored.facilitator)
        guard let facilitator else { return render(request, listed: stored, values: values, problems: problems, status: .unprocessableEntity) }
        do {
            try await FacilitatorStore.update(facilitator, centres: FormField.codes(values["centres"]), account: values["account"], on: request.db)
        } catch let error as FormProblems {
            return render(request, listed: stored, values: values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
        }
        request.session.data["flash"] = "Saved facilitator \(facilitator.id)."
        return request.redirect(to: SiteRoute.facilitators.path, redirectType: .normal)
    }

    /// The facilitator the address names; 404 for none.
    static func facilitator(_ request: Request) async throws -> FacilitatorStore.Listed {
        guard let code = request.parameters.get("code"), let listed = try await FacilitatorStore.find(code: code, on: request.db) else {
            throw Abort(.notFound)
        }
        return listed
    }

    private func renderList(_ request: Request, values: [String: String], problems: [String: String],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let query = ListQuery(request)
        let facilitators = try await FacilitatorStore.list(query, on: request.db)
        let context = PageContext(request, section: .facilitators)
        return PageFrame.render(title: "Facilitators", context: context, main: FacilitatorsPage.list(
            context: context, facilitators: facilitators, query: query, values: values, problems: problems), status: status)
    }

    private func render(_ request: Request, listed: FacilitatorStore.Listed, values: [String: String], problems: [String: String],
                        status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request, section: .facilitators)
        return PageFrame.render(title: "Facilitator \(listed.facilitator.id)", context: context, main: FacilitatorsPage.edit(
            context: context, listed: listed, values: values, problems: problems), status: status)
    }
}
