import AttuneCore
import AttuneStore
import Vapor

/// One mother and baby: invitations, attendance, measures (entered here, scored on save), open
/// alerts with the close-with-action flow, level of need with its reason, follow-ups.
struct DyadController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.dyad(":code").pathComponents, use: show)
        routes.post(SiteRoute.dyadMeasures(":code").pathComponents, use: recordMeasure)
        routes.post(SiteRoute.dyadFollowUp(":code").pathComponents, use: recordFollowUp)
        routes.post(SiteRoute.alertClose(":id").pathComponents, use: closeAlert)
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        // An evaluator names her by pseudonym; everything below works with her working code.
        try await render(request, code: try await Scoped.dyadCode(request, shown: try request.parameters.require("code")), form: .init())
    }

    /// What the entry forms held when they are shown again with errors.
    struct FormState {
        var values: [String: String] = [:]
        var problems: [String: String] = [:]
        var which: String?
    }

    /// Her page as the user may see it: only what belongs to the programmes of the user's
    /// centres (a mother invited by two centres shows each its own part), and for an evaluator
    /// no free text and her pseudonym in place of her code.
    func render(_ request: Request, code: String, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try request.user
        // Kept while nothing the page shows is committed: views (this one's entry in the
        // activity log included) do not count (`ContentVersion`), so a page many people have
        // open is read once, not twenty-odd statements a view (BENCHMARKS.md).
        let page = try await request.application.pageDataCache.value("dyad", for: user, detail: "\(code) \(request.today)", anyScope: true,
                                                                     on: request.db) {
            try await Self.read(request, code: code)
        }
        try await request.recordView(of: "Her page", dyad: code, kind: "dyad", code: code)
        // Read after the view is recorded, so the list includes it; never kept.
        let activity = user.can(.viewRecordActivity)
            ? try await ActivityLog.search(.init(dyad: code, limit: DyadPage.activityShown), on: request.db) : []
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: DyadPage.title(page.dyad, context: context), context: context, main: DyadPage.main(
            context: context, document: page.document, dyad: page.dyad, measures: page.measures,
            alerts: page.alerts, reminders: page.reminders, followUps: page.followUps,
            journeys: page.journeys, reach: page.reach, wording: request.application.attuneWording,
            form: form, invitable: page.invitable, activity: activity, erasedAt: page.erasedAt, measureChanges: page.measureChanges), status: status)
    }

    /// What her page shows as the user may see it, apart from the activity log.
    private struct PageData: Sendable {
        let document: EvidenceDocument
        let dyad: Dyad
        let measures: DyadMeasures
        let alerts: [SafeguardingAlert]
        let reminders: [OutboxEntry]
        let followUps: [FollowUpAction]
        let journeys: [DyadJourney]
        let reach: ReachAnalysis
        let invitable: [(code: String, name: String)]
        let erasedAt: Date?
        let measureChanges: [StoredChange]
    }

    private static func read(_ request: Request, code: String) async throws -> PageData {
        let user = try request.user
        let programmes = try await Scoped.requireDyad(request, code: code)
        // Her programmes' records without their measures: only hers are shown (by the index of
        // measures by mother), and the others' need, for reach by need, is read from the signals
        // stored with their measures, as a programme's page reads it. Decoding and scoring every
        // measure of her programmes' mothers was most of the page's time (BENCHMARKS.md).
        let (records, naming) = try await Scoped.evidenceAndNaming(request, programmes: programmes)
        let shown = try Scoped.shown(request, code: code)
        guard let dyad = records.dyads.first(where: { $0.id == shown }) else { throw Scoped.notFound }
        let hers = EvidenceDocument(measurements: try await MeasureStore.measures(ofDyad: code, on: request.db))
        var document = records
        document.measurements = (naming.isIdentity ? hers : hers.pseudonymised(renaming: naming.shown)).measurements
        let stored = try await MeasureStore.needs(ofDyads: Set(records.dyads.compactMap { naming.code(of: $0.id) }), on: request.db)
        let needs = Dictionary(stored.map { (naming.shown($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        let erasedAt = try await Erasure.erasedAt(dyad: code, on: request.db)
        // Measures, and the alerts they raise, of the centre that recorded them (or of none, such
        // as those from an evidence document): a centre does not see another's (docs/web.md).
        let centres = user.scope.centreFilter
        let elsewhere = try await MeasureStore.recordedOutside(centres: centres, dyad: code, on: request.db)
        let measures = document.measurements.filter {
            $0.dyadId == shown && !elsewhere.contains(MeasureSlot(instrument: $0.instrument.rawValue, timepoint: $0.timepoint.rawValue))
        }
        let alerts = user.can(.viewAlerts) ? try await AlertStore.all(dyads: [code], centres: centres, on: request.db) : []
        let reminders = user.can(.viewReminders)
            ? try await ReminderOutbox.entries(programmes: programmes, dyad: code, on: request.db) : []
        var followUps = try await ReachStore.followUps(dyad: code, on: request.db).filter { programmes.contains($0.programmeId) }
        if !user.can(.viewPersonalDetails) { followUps = followUps.map { $0.pseudonymised { _ in shown } } }
        // Her measures' corrections and deletions, for those who may correct them (they name who gave the measure).
        let measureChanges = user.can(.recordMeasures) && user.can(.viewPersonalDetails)
            ? try await ChangeStore.history(kind: "dyad", code: code, on: request.db).filter { $0.change.field.hasPrefix("measure ") } : []
        let reach = ReachReport(document: document, needs: needs)
        // The programmes of her centres, still to come, she is not invited to: from her page.
        var invitable: [(code: String, name: String)] = []
        if user.can(.manageEnrolment) && user.can(.viewPersonalDetails) {
            let herCentres = Set(document.programmes.map(\.centreId)).filter { user.scope.centreFilter?.contains($0) ?? true }
            invitable = try await ProgrammeStore.open(atCentres: herCentres, from: request.today, on: request.db)
                .filter { !programmes.contains($0.code) }
        }
        return PageData(document: document, dyad: dyad, measures: DyadMeasures(dyad: dyad, measurements: measures),
                        alerts: alerts, reminders: reminders, followUps: followUps,
                        journeys: reach.analysis.journeys.filter { $0.invitation.dyadId == shown }, reach: reach.analysis,
                        invitable: invitable, erasedAt: erasedAt, measureChanges: measureChanges)
    }

    @Sendable
    func recordMeasure(request: Request) async throws -> Response {
        let user = try request.require(.recordMeasures)
        let code = try request.parameters.require("code")
        // The measure is the recording centre's: the one centre of the user's that invited her
        // (none for someone working for several of her centres, such as an administrator).
        let herCentres = Set(try await Scoped.dyadProgrammes(request, code: code).values)
        let recordingCentre = user.scope.centreFilter != nil && herCentres.count == 1 ? herCentres.first : nil
        let values = try request.content.decode([String: String].self)
        var state = FormState(values: values, which: values["form"])
        guard let measure = MeasureForm.parse(values, dyad: code, user: user.displayName, today: request.today, problems: &state.problems) else {
            return try await render(request, code: code, form: state, status: .unprocessableEntity)
        }
        do {
            let now = request.now
            let (result, alerts) = try await MeasureStore.record(measure, today: CalendarDate.today(at: now), now: now,
                                                                 by: user.displayName, centre: recordingCentre, numberingRepeats: true,
                                                                 on: request.db)
            var flash = "Saved. \(result.summary)"
            for alert in alerts { flash += " Safeguarding alert raised: \(alert.reason) (due by \(alert.dueBy))." }
            request.session.data["flash"] = flash
            return request.redirect(to: SiteRoute.dyad(code).path + (alerts.isEmpty ? "#measures" : "#alerts"), redirectType: .normal)
        } catch let error as MeasureInputError {
            state.problems[MeasureForm.fieldName(error.field)] = error.message
            return try await render(request, code: code, form: state, status: .unprocessableEntity)
        }
    }

    @Sendable
    func recordFollowUp(request: Request) async throws -> Response {
        let user = try request.require(.recordFollowUps)
        let code = try request.parameters.require("code")
        let programmes = try await Scoped.requireDyad(request, code: code)
        let values = try request.content.decode([String: String].self)
        // Only a programme of the user's centres she is invited to: any other, of another
        // centre or none, answers as one that does not exist.
        guard let programme = values["programme"], programmes.contains(programme) else {
            return try await render(request, code: code, form: FormState(values: values, problems: [
                "follow-programme": "Choose one of the programmes listed: those of your centres she is invited to.",
            ], which: "follow-up"), status: .unprocessableEntity)
        }
        do {
            _ = try await ReachStore.recordFollowUp(dyad: code, programme: programme, action: values["action"] ?? "",
                                                    by: user.displayName, now: request.now, on: request.db)
            request.session.data["flash"] = "Follow-up recorded."
            return request.redirect(to: SiteRoute.dyad(code).path + "#follow-ups", redirectType: .normal)
        } catch let error as ReachInputError {
            return try await render(request, code: code, form: FormState(values: values, problems: ["follow-" + error.field: error.message],
                                                                          which: "follow-up"), status: .unprocessableEntity)
        }
    }

    @Sendable
    func closeAlert(request: Request) async throws -> Response {
        let user = try request.require(.closeAlerts)
        let id = try request.parameters.require("id")
        // The alert must belong to a dyad of the user's centres, raised by a measure of theirs
        // (or of no one centre); otherwise it does not exist.
        guard let alert = try await AlertStore.find(id, on: request.db),
              try await AlertStore.isVisible(id, toCentres: user.scope.centreFilter, on: request.db) else { throw Scoped.notFound }
        try await Scoped.requireDyad(request, code: alert.dyadId)
        let values = try request.content.decode([String: String].self)
        do {
            _ = try await AlertStore.close(id, action: values["action"] ?? "", by: user.displayName, now: request.now, on: request.db)
            request.session.data["flash"] = "Alert closed. The action taken is recorded with your name."
            return request.redirect(to: SiteRoute.dyad(alert.dyadId).path + "#alerts", redirectType: .normal)
        } catch let error as MeasureInputError {
            return try await render(request, code: alert.dyadId, form: FormState(values: values, problems: ["close-\(id)": error.message],
                                                                                  which: "close-\(id)"), status: .unprocessableEntity)
        }
    }
}
