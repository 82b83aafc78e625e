import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// A mother's registration after saving: corrected with a reason, each change kept and shown
/// with the old value (`DyadStore.correct`); and finding a mother by name within the user's
/// centres. Never for evaluators, who see no names.
struct RegistrationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.dyads.pathComponents, use: search)
        routes.get(SiteRoute.dyadRegistration(":code").pathComponents, use: form)
        routes.post(SiteRoute.dyadRegistration(":code").pathComponents, use: correct)
        routes.get(SiteRoute.measureDeletion(dyad: ":code", measure: ":measure").pathComponents, use: deletionForm)
        routes.post(SiteRoute.measureDeletion(dyad: ":code", measure: ":measure").pathComponents, use: delete)
        routes.get(SiteRoute.measureCorrection(dyad: ":code", measure: ":measure").pathComponents, use: correctionForm)
        routes.post(SiteRoute.measureCorrection(dyad: ":code", measure: ":measure").pathComponents, use: correctMeasure)
    }

    // MARK: Correcting a measure, with a reason

    @Sendable
    func correctionForm(request: Request) async throws -> Response {
        let (dyad, measure) = try await Self.measure(request)
        try await request.recordView(of: "Her measure \(measure.id), to correct it", dyad: dyad.id, kind: "measure", code: measure.id)
        let values = MeasureForm.values(of: measure, keyedByOption: DyadPage.keyedByOption(request.application.attuneWording))
        return try await renderCorrection(request, dyad: dyad, measure: measure, values: values, problems: [:])
    }

    @Sendable
    func correctMeasure(request: Request) async throws -> Response {
        let user = try request.user
        let (dyad, measure) = try await Self.measure(request)
        var values = try request.content.decode([String: String].self)
        // The form is the measure's own: its instrument is not the user's to change.
        values["form"] = measure.instrument == .epds ? "epds" : "other"
        values["instrument"] = measure.instrument.rawValue
        var problems: [String: String] = [:]
        let corrected = MeasureForm.parse(values, dyad: dyad.id, user: measure.administeredBy, today: request.today, problems: &problems)
        let reason = (values["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { problems["reason"] = "Say why the measure is corrected." }
        guard let corrected, problems.isEmpty else {
            return try await renderCorrection(request, dyad: dyad, measure: measure, values: values, problems: problems, status: .unprocessableEntity)
        }
        do {
            let (result, alerts) = try await MeasureStore.correct(code: measure.id, ofDyad: dyad.id, to: corrected, reason: reason,
                                                                  today: request.today, by: user.username, now: request.now, on: request.db)
            var flash = "Saved the correction of the \(measure.instrument.name) of \(measure.date). \(result.summary). The old scores are kept with her record."
            for alert in alerts { flash += " Safeguarding alert raised: \(alert.reason) (due by \(alert.dueBy))." }
            request.session.data["flash"] = flash
            return request.redirect(to: SiteRoute.dyad(dyad.id).path + (alerts.isEmpty ? "#measures" : "#alerts"), redirectType: .normal)
        } catch let error as FormProblems {
            problems = RecordForm.sentences(error.fields)
        } catch let error as MeasureInputError {
            problems[MeasureForm.fieldName(error.field)] = error.message
        }
        return try await renderCorrection(request, dyad: dyad, measure: measure, values: values, problems: problems, status: .unprocessableEntity)
    }

    private func renderCorrection(_ request: Request, dyad: Dyad, measure: RecordedMeasure, values: [String: String], problems: [String: String],
                                  status: HTTPResponseStatus = .ok) async throws -> Response {
        let history = try await ChangeStore.history(kind: "dyad", code: dyad.id, on: request.db)
            .filter { $0.change.field.hasPrefix("measure \(measure.id)") }
        let context = PageContext(request, section: .dyads)
        return PageFrame.render(title: "Correct a measure", context: context, main: RegistrationPage.measureCorrection(
            context: context, dyad: dyad, measure: measure, wording: request.application.attuneWording, values: values, problems: problems,
            history: history), status: status)
    }

    // MARK: Deleting a measure, with a reason

    @Sendable
    func deletionForm(request: Request) async throws -> Response {
        let (dyad, measure) = try await Self.measure(request)
        try await request.recordView(of: "Her measure \(measure.id), to delete it", dyad: dyad.id, kind: "measure", code: measure.id)
        return renderDeletion(request, dyad: dyad, measure: measure, values: [:], problems: [:])
    }

    @Sendable
    func delete(request: Request) async throws -> Response {
        let (dyad, measure) = try await Self.measure(request)
        let values = try request.content.decode([String: String].self)
        do {
            try await MeasureStore.delete(code: measure.id, ofDyad: dyad.id, reason: values["reason"] ?? "", by: try request.user.username,
                                          now: request.now, on: request.db)
        } catch let error as FormProblems {
            return renderDeletion(request, dyad: dyad, measure: measure, values: values, problems: RecordForm.sentences(error.fields),
                                  status: .unprocessableEntity)
        }
        request.session.data["flash"] = "Deleted the \(measure.instrument.name) of \(measure.date). What it was and why it was deleted are kept with her record."
        return request.redirect(to: SiteRoute.dyad(dyad.id).path + "#measures", redirectType: .normal)
    }

    /// Her registration and the measure the address names, for someone who records measures
    /// in one of her centres, when her page shows them the measure; 404 otherwise.
    static func measure(_ request: Request) async throws -> (Dyad, RecordedMeasure) {
        _ = try request.require(.recordMeasures)
        // Her registration, within the user's centres (`dyad`); then her own measures, by the index.
        let dyad = try await Self.dyad(request)
        guard let id = request.parameters.get("measure"),
              let measure = try await MeasureStore.measures(ofDyad: dyad.id, on: request.db).first(where: { $0.id == id }) else {
            throw Scoped.notFound
        }
        // A measure another of her centres recorded is that centre's, as on her page: as if it did not exist.
        let elsewhere = try await MeasureStore.recordedOutside(centres: try request.user.scope.centreFilter, dyad: dyad.id, on: request.db)
        guard !elsewhere.contains(MeasureSlot(instrument: measure.instrument.rawValue, timepoint: measure.timepoint.rawValue)) else {
            throw Scoped.notFound
        }
        return (dyad, measure)
    }

    private func renderDeletion(_ request: Request, dyad: Dyad, measure: RecordedMeasure, values: [String: String], problems: [String: String],
                                status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request, section: .dyads)
        return PageFrame.render(title: "Delete a measure", context: context, main: RegistrationPage.deletion(
            context: context, dyad: dyad, measure: measure, values: values, problems: problems), status: status)
    }

    /// The fields a correction shows: her registration's, as when she was registered.
    static var fields: [String] { EnrolmentController.dyadFields }

    @Sendable
    func form(request: Request) async throws -> Response {
        let dyad = try await Self.dyad(request)
        try await request.recordView(of: "Her registration", dyad: dyad.id, kind: "dyad", code: dyad.id)
        return try await render(request, dyad: dyad, values: RecordForm.values(of: dyad), problems: [:])
    }

    @Sendable
    func correct(request: Request) async throws -> Response {
        let user = try request.user
        let stored = try await Self.dyad(request)
        let values = try request.content.decode([String: String].self)
        let (typed, problems) = RecordForm.read(EvidenceRecords.dyad, Self.fields, values: values, base: stored, required: EnrolmentController.needed)
        guard var dyad = typed, problems.isEmpty else {
            return try await render(request, dyad: stored, values: values, problems: problems, status: .unprocessableEntity)
        }
        dyad.id = stored.id
        // Who recorded an answer: whoever changes it.
        if dyad.consentToRecords != stored.consentToRecords { dyad.consentRecordedBy = user.displayName }
        if dyad.consentToContact != stored.consentToContact { dyad.contactConsentRecordedBy = user.displayName }
        if dyad.consentToResearch != stored.consentToResearch { dyad.researchConsentRecordedBy = user.displayName }
        do {
            try await DyadStore.correct(dyad, reason: values["correction_reason"] ?? "", today: request.today, by: user.username, now: request.now,
                                        on: request.db)
        } catch let error as FormProblems {
            return try await render(request, dyad: stored, values: values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
        }
        request.session.data["flash"] = "Saved the correction of \(dyad.motherName ?? dyad.id)'s registration."
        return request.redirect(to: SiteRoute.dyad(dyad.id).path, redirectType: .normal)
    }

    /// Mothers of the user's centres whose name or baby's name holds what was typed.
    @Sendable
    func search(request: Request) async throws -> Response {
        let user = try request.require(.viewPersonalDetails)
        let typed = (request.query[String.self, at: "name"] ?? "").trimmingCharacters(in: .whitespaces)
        let shortest = DyadStore.shortestSearch(centres: user.scope.centreFilter)
        let found = typed.count >= shortest ? try await DyadStore.search(name: typed, centres: user.scope.centreFilter, on: request.db) : nil
        let context = PageContext(request, section: .dyads)
        return PageFrame.render(title: "Mothers and babies", context: context,
                                main: RegistrationPage.search(typed: typed, found: found, shortest: shortest))
    }

    /// Her stored registration, for someone who manages enrolment in one of her centres; 404 otherwise.
    static func dyad(_ request: Request) async throws -> Dyad {
        _ = try request.require(.manageEnrolment)
        _ = try request.require(.viewPersonalDetails)
        let code = try request.parameters.require("code")
        try await Scoped.requireDyad(request, code: code)
        guard let dyad = try await DyadStore.find(code: code, on: request.db) else { throw Scoped.notFound }
        return dyad
    }

    private func render(_ request: Request, dyad: Dyad, values: [String: String], problems: [String: String],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let history = try await ChangeStore.history(kind: "dyad", code: dyad.id, on: request.db)
        let context = PageContext(request, section: .dyads)
        return PageFrame.render(title: "Correct \(dyad.motherName ?? dyad.id)'s registration", context: context, main: RegistrationPage.correct(
            context: context, dyad: dyad, values: values, problems: problems, history: history), status: status)
    }
}
