import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// A second observer's own record of a held session's checks (issue 27, part 2), for observer
/// agreement. The form starts blank and never shows the log's answers, so that the second
/// record is independent of the first. It changes no rating.
struct SecondObservationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pattern = SiteRoute.secondObservation(programme: ":code", number: ":number").pathComponents
        routes.get(pattern, use: form)
        routes.post(pattern, use: save)
    }

    /// The programme and its held session the address names, within the user's centres.
    static func session(_ request: Request) async throws -> (Programme, AttuneCore.Session) {
        let (document, programme, _) = try await Scoped.programme(request, includingDyads: false)
        guard let number = request.parameters.get("number", as: Int.self),
              let session = document.sessions.first(where: { $0.programmeId == programme.id && $0.number == number }) else {
            throw Scoped.notFound
        }
        guard session.isHeld else { throw Abort(.conflict, reason: "Session \(number) was not held; only a held session can be observed.") }
        return (programme, session)
    }

    @Sendable
    func form(request: Request) async throws -> Response {
        let user = try request.require(.logSessions)
        return try await render(request, values: ["observer_name": user.displayName], problems: [:])
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        let user = try request.require(.logSessions)
        let (programme, session) = try await Self.session(request)
        let values = try request.content.decode([String: String].self)
        var observation = SecondObservation(sessionId: session.id,
                                            observerName: (values["observer_name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        var seen = observation.seen(in: session)
        for check in SessionCheckField.all {
            seen[keyPath: check.keyPath] = switch values[check.name] { case "yes": true; case "no": false; default: nil }
        }
        observation = SecondObservation(checksOf: seen, observerName: observation.observerName)
        guard SessionCheckField.all.contains(where: { seen[keyPath: $0.keyPath] != nil }) else {
            return try await render(request, values: values, problems: ["checks": "Record at least one check; leave the others on Not recorded."],
                                    status: .unprocessableEntity)
        }
        do {
            try await SecondObservationStore.save(observation, by: user.username, now: request.now, on: request.db)
        } catch let error as FormProblems {
            return try await render(request, values: values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
        }
        request.session.data["flash"] = "Saved \(observation.observerName)'s second observation of session \(session.number). It changes no rating; it shows whether observers agree."
        return request.redirect(to: SiteRoute.programme(programme.id).path + "#agreement-title", redirectType: .normal)
    }

    private func render(_ request: Request, values: [String: String], problems: [String: String],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let (programme, session) = try await Self.session(request)
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "Second observation of session \(session.number) of \(programme.name)", context: context,
                                main: SecondObservationPage.main(context: context, programme: programme, session: session, values: values,
                                                                 problems: problems),
                                status: status)
    }
}
