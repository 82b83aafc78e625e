import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// A mother's rights from the web (issue 26): her record given to her, as JSON or as a printable
/// page, by those answerable for her centre's records; her record erased by an administrator,
/// after a confirmation that says what goes and what stays.
struct MotherRightsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.dyadRecord(":code").pathComponents, use: printable)
        routes.get(SiteRoute.dyadRecordJSON(":code").pathComponents, use: json)
        routes.get(SiteRoute.dyadErasure(":code").pathComponents, use: erasureForm)
        routes.post(SiteRoute.dyadErasure(":code").pathComponents, use: erase)
    }

    /// Everything held about her, for someone who may give it within one of her centres; 404 otherwise.
    private func gather(_ request: Request) async throws -> SubjectAccess {
        _ = try request.require(.giveSubjectAccess)
        let code = try request.parameters.require("code")
        try await Scoped.requireDyad(request, code: code)
        let access = try await SubjectAccess.gather(dyad: code, now: request.now, on: request.db)
        try await ActivityLog.record(.export, kind: "dyad", code: code, dyad: code, summary: "Subject access: her record given", on: request.db)
        return access
    }

    @Sendable
    func printable(request: Request) async throws -> Response {
        let access = try await gather(request)
        let context = PageContext(request, section: .dyads)
        return PageFrame.render(title: "Everything held about \(access.dyad.id)", context: context,
                                main: SubjectAccessPage.main(access, context: context))
    }

    @Sendable
    func json(request: Request) async throws -> Response {
        let access = try await gather(request)
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.contentDisposition = .init(.attachment, filename: "\(access.dyad.id)-subject-access.json")
        headers.cacheControl = .init(noStore: true)
        return Response(status: .ok, headers: headers, body: .init(data: try access.json()))
    }

    @Sendable
    func erasureForm(request: Request) async throws -> Response {
        try await renderErasure(request, values: [:], problems: [:])
    }

    @Sendable
    func erase(request: Request) async throws -> Response {
        _ = try request.require(.eraseRecords)
        let code = try request.parameters.require("code")
        try await Scoped.requireDyad(request, code: code)
        let values = try request.content.decode([String: String].self)
        guard (values["confirm"] ?? "").trimmingCharacters(in: .whitespaces) == code else {
            return try await renderErasure(request, values: values, problems: ["confirm": "Type her code, \(code), to confirm."],
                                           status: .unprocessableEntity)
        }
        do {
            _ = try await Erasure.erase(dyad: code, reason: values["reason"] ?? "", now: request.now, on: request.db)
            request.application.retentionReview.forget()
        } catch let error as ReachInputError {
            return try await renderErasure(request, values: values, problems: RecordForm.sentences([error.field: error.message]), status: .unprocessableEntity)
        }
        request.session.data["flash"] = "Erased \(code)'s identifying data, contacts, free text and measures. The activity log records the erasure."
        return request.redirect(to: SiteRoute.dyad(code).path, redirectType: .normal)
    }

    private func renderErasure(_ request: Request, values: [String: String], problems: [String: String],
                               status: HTTPResponseStatus = .ok) async throws -> Response {
        _ = try request.require(.eraseRecords)
        let code = try request.parameters.require("code")
        try await Scoped.requireDyad(request, code: code)
        guard let preview = try await Erasure.preview(dyad: code, on: request.db) else { throw Scoped.notFound }
        let erasedAt = try await Erasure.erasedAt(dyad: code, on: request.db)
        let context = PageContext(request, section: .dyads)
        return PageFrame.render(title: "Erase \(code)'s record", context: context, main: ErasurePage.main(
            context: context, code: code, preview: preview, erasedAt: erasedAt, values: values, problems: problems), status: status)
    }
}
