import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// What someone said about a programme, recorded and coded to mechanisms from the programme's
/// page (issue 27, part 1). Free text: evaluators may neither record nor read it.
struct ExcerptController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pattern = SiteRoute.newExcerpt(programme: ":code").pathComponents
        routes.get(pattern, use: form)
        routes.post(pattern, use: save)
    }

    @Sendable
    func form(request: Request) async throws -> Response {
        _ = try request.require(.codeExcerpts)
        return try await render(request, values: ["date": request.today.description], problems: [:])
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        let user = try request.require(.codeExcerpts)
        let (_, programme, _) = try await Scoped.programme(request, includingDyads: false, includingDelivery: false)
        let values = try request.content.decode([String: String].self)
        var problems: [String: String] = [:]
        let excerpt = Self.parse(values, programme: programme.id, problems: &problems)
        if problems.isEmpty, let excerpt {
            do {
                let code = try await ExcerptStore.add(excerpt, by: user.username, now: request.now, on: request.db)
                request.session.data["flash"] = "Saved excerpt \(code), coded to \(excerpt.codes.map(\.mechanism.description).joined(separator: ", "))."
                return request.redirect(to: SiteRoute.programme(programme.id).path + "#said-title", redirectType: .normal)
            } catch let error as FormProblems {
                problems = RecordForm.sentences(error.fields)
            }
        }
        return try await render(request, values: values, problems: problems, status: .unprocessableEntity)
    }

    /// The form's values as an excerpt; what cannot be read is put in `problems` by field.
    static func parse(_ values: [String: String], programme: String, problems: inout [String: String]) -> Excerpt? {
        func text(_ name: String) -> String? {
            let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return value.isEmpty ? nil : value
        }
        let source = ExcerptSource(rawValue: values["source"] ?? "")
        if source == nil { problems["source"] = "Choose where it comes from." }
        let role = SpeakerRole(rawValue: values["speaker_role"] ?? "")
        if role == nil { problems["speaker_role"] = "Choose who said or noted it." }
        var date: CalendarDate?
        if let raw = text("date") {
            date = CalendarDate(raw)
            if date == nil { problems["date"] = "'\(raw)' is not a date; use YYYY-MM-DD." }
        }
        let codes = MechanismCatalogue.all.compactMap { mechanism in
            ExcerptStance(rawValue: values["code-\(mechanism.id)"] ?? "").map { ExcerptCode(mechanism: mechanism.id, stance: $0) }
        }
        guard let source, let role else { return nil }
        return Excerpt(id: "new", programmeId: programme, source: source, speakerRole: role, date: date, text: text("text") ?? "",
                       codes: codes, memo: text("memo"), deidentified: values["deidentified"] == "true")
    }

    private func render(_ request: Request, values: [String: String], problems: [String: String],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let (_, programme, _) = try await Scoped.programme(request, includingDyads: false, includingDelivery: false)
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "An excerpt about \(programme.name)", context: context,
                                main: ExcerptPage.main(context: context, programme: programme, values: values, problems: problems), status: status)
    }
}
