import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// From a gap to an action (issue 27, part 4): the suggestions for the user's programmes, which
/// a manager adopts (editing the words, naming an owner and a due date) or declines with a
/// reason; the action plan, followed to done, each action showing whether its mechanisms'
/// ratings moved by the next audit cycle.
struct ActionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.actions.pathComponents, use: show)
        routes.post(SiteRoute.actionDecision.pathComponents, use: decide)
        routes.post(SiteRoute.actionPlan(":id").pathComponents, use: update)
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        try await render(request, problems: [:], values: [:])
    }

    @Sendable
    func decide(request: Request) async throws -> Response {
        let user = try request.require(.planActions)
        let values = try request.content.decode([String: String].self)
        // Only a suggestion Attune makes now for one of her programmes: never what the form names.
        // Worked out for the programme's centre alone (within hers), not all of hers.
        let notOpen = Abort(.notFound, reason: "No open suggestion of that kind for that programme in your centres; it may have been decided already.")
        guard let centre = try await ActionStore.centre(ofProgramme: values["programme"] ?? "", on: request.db),
              user.scope.centreFilter?.contains(centre) ?? true else { throw notOpen }
        let suggestions = try await ActionStore.openSuggestions(centres: [centre], rules: request.application.actionRules,
                                                                rubric: request.application.attuneRubric, on: request.db)
        guard let suggestion = suggestions.first(where: { $0.programmeId == values["programme"] && $0.ruleId == values["rule"] }) else { throw notOpen }
        let declining = values["decision"] == "decline"
        var problems: [String: String] = [:]
        var due: CalendarDate?
        if !declining, let raw = values["due_date"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            due = CalendarDate(raw)
            if due == nil { problems["due_date"] = "'\(raw)' is not a date; use YYYY-MM-DD." }
        }
        if problems.isEmpty {
            do {
                try await ActionStore.decide(suggestion, status: declining ? .declined : .adopted, action: values["action"] ?? suggestion.action,
                                             owner: declining ? nil : values["owner"], dueDate: due, reason: declining ? values["reason"] : nil,
                                             by: user.username, now: request.now, on: request.db)
                request.session.data["flash"] = declining
                    ? "Declined the suggestion for \(suggestion.programmeId)."
                    : "Adopted the action for \(suggestion.programmeId); it is on the dashboard until it is done."
                return request.redirect(to: SiteRoute.actions.path + "#plan-title", redirectType: .normal)
            } catch let error as FormProblems {
                problems = RecordForm.sentences(error.fields)
            }
        }
        return try await render(request, problems: problems, values: values, refused: Self.key(suggestion), centre: centre,
                                status: .unprocessableEntity)
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        let user = try request.require(.planActions)
        let values = try request.content.decode([String: String].self)
        let id = try request.parameters.require("id")
        guard let status = ActionPlan.Status(rawValue: values["status"] ?? "") else {
            return try await render(request, problems: ["status": "Choose a status."], values: values, refused: id, status: .unprocessableEntity)
        }
        do {
            try await ActionStore.update(id: id, status: status, owner: nil, dueDate: nil, centres: user.scope.centreFilter, by: user.username,
                                         now: request.now, on: request.db)
        } catch let error as FormProblems {
            return try await render(request, problems: RecordForm.sentences(error.fields), values: values, refused: id, status: .unprocessableEntity)
        }
        request.session.data["flash"] = "The action is now \(status.label.lowercased())."
        return request.redirect(to: SiteRoute.actions.path + "#plan-\(id)", redirectType: .normal)
    }

    /// The form's own key: which suggestion a refused decision belongs to.
    static func key(_ suggestion: SuggestedAction) -> String { "\(suggestion.programmeId)-\(suggestion.ruleId)" }

    /// - Parameter centre: the centre whose suggestions to show when the user's programmes are
    ///   too many for one page: the one asked for, or the one of a refused decision.
    private func render(_ request: Request, problems: [String: String], values: [String: String], refused: String? = nil,
                        centre: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try request.require(.viewEvaluation)
        let rules = request.application.actionRules
        // Suggestions come from evaluating programmes: too many for one page (a region, the
        // country) are taken a centre at a time, as the evaluation is.
        var scope = user.scope.centreFilter
        var chooser: SafeHTML?
        if let overview = try await ProgrammesController.overview(request) {
            if let centre = centre ?? request.query[String.self, at: "centre"] {
                guard overview.programmes.contains(where: { $0.centreId == centre }) else { throw Scoped.notFound }
                scope = [centre]
            } else {
                chooser = EvaluationController.centreChooser(request, overview, path: SiteRoute.actions.path)
            }
        }
        // Worked out from the evidence of the centres shown: kept while nothing is committed.
        let rubric = request.application.attuneRubric
        let suggestions = chooser != nil ? [] : try await request.application.pageDataCache.value(
            "action-suggestions", role: user.role, centres: scope, on: request.db) { [db = request.db, scope] in
            try await ActionStore.openSuggestions(centres: scope, rules: rules, rubric: rubric, on: db)
        }
        var plans = try await ActionStore.plans(centres: user.scope.centreFilter, on: request.db)
        if !user.can(.viewPersonalDetails) { plans = plans.map { $0.withholdingFreeText(rules: rules) } }
        let cycles = try await CycleStore.cycles(centres: user.scope.centreFilter, on: request.db)
        let context = PageContext(request, section: .evaluation)
        return PageFrame.render(title: "Action plan", context: context,
                                main: ActionsPage.main(context: context, suggestions: suggestions, plans: plans, cycles: cycles,
                                                       chooser: chooser, refused: refused.map { ($0, values, problems) }), status: status)
    }
}
