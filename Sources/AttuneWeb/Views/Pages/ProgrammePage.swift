import AttuneCore
import AttuneHTML
import Foundation

/// One programme: its mechanism profile (each cell opens to its reasons and evidence), its
/// sessions, who is enrolled and how far it reached them.
enum ProgrammePage {
    /// A session is logged once a register or any check is recorded; before that it is only planned.
    static func isLogged(_ session: Session, attendance: [Attendance]) -> Bool {
        let checks: [Bool?] = [session.setting.easyToFind, session.setting.greetedAtDoor, session.setting.buggiesAccommodated,
                               session.setting.roomNotCrowded, session.setting.warmEnough, session.content.strokesTaught,
                               session.content.infantCuesTaught, session.content.infantStatesTaught, session.content.singing,
                               session.content.socialTime, session.observer.containingAtmosphere]
        return checks.contains { $0 != nil } || session.roomTemperatureCelsius != nil || session.notes != nil
            || attendance.contains { $0.sessionId == session.id }
    }

    static func main(context: PageContext, document: EvidenceDocument, programme: Programme, profile: ProgrammeProfile,
                     reach: ReachBreakdown?, journeys: [DyadJourney], needs: [String: NeedAssessment],
                     missed: [MissedOpportunitySummary] = [], logged: Int? = nil, rubric: Rubric) -> SafeHTML {
        let centre = document.centres.first { $0.id == programme.centreId }
        let facilitatorNames = Dictionary(document.facilitators.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let sessions = document.sessions.filter { $0.programmeId == programme.id }.sorted { $0.number < $1.number }
        let invitations = document.invitations.filter { $0.programmeId == programme.id }
        let placesTaken = invitations.filter { $0.status.holdsPlace }.count
        let notice: SafeHTML = document.reconstructed ? "<div class=\"notice\" role=\"note\"><strong>\(StudyEvidence.notice)</strong></div>" : ""

        func overrideLink(_ assessment: MechanismAssessment) -> SafeHTML {
            guard context.can(.overrideRatings) else { return "" }
            let path = SiteRoute.override(programme: programme.id, mechanism: assessment.mechanism.id.description).path
            return "<p><a href=\"\(path)\">\(assessment.isOverridden ? "Change or remove the override" : "Override this rating")</a></p>"
        }
        let dyadNames = Dictionary(document.dyads.map { ($0.id, $0.motherName) }, uniquingKeysWith: { a, _ in a })
        // Mothers by name for those who may see names (an evaluator's document names them by pseudonym).
        let names = ShownNames(dyads: context.can(.viewPersonalDetails) ? dyadNames.compactMapValues { $0 } : [:],
                               programmes: [programme.id: programme.name])
        let mechanismRows = profile.assessments.map { assessment -> SafeHTML in
            let evidence = assessment.derived.evidence.prefix(40).map { plainWords($0, programme: programme.id, names: names.dyads) }.joined(separator: ", ")
            let more = assessment.derived.evidence.count > 40 ? " and \(assessment.derived.evidence.count - 40) more" : ""
            let override: SafeHTML = assessment.override.map {
                "<p class=\"override\">Overridden from \($0.rating == assessment.derived.rating ? "" : assessment.derived.rating.label.lowercased()) to \($0.rating.label.lowercased()) by \($0.observer): \($0.rationale)</p>"
            } ?? ""
            return """
            <li class="mechanism-row" id="mechanism-\(assessment.mechanism.id.description)"><details>
            <summary>\(RatingView.badge(assessment.rating)) <strong>\(assessment.mechanism.id.description) \(assessment.mechanism.shortName)</strong></summary>
            <p>\(assessment.derived.explanation).</p>\(override)
            <p class="muted">Evidence: \(evidence.isEmpty ? "none recorded" : evidence + more).</p>\(overrideLink(assessment))
            </details></li>
            """
        }

        let sessionRows = (1...max(programme.plannedSessions, 1)).map { number -> SafeHTML in
            let session = sessions.first { $0.number == number }
            let status = session.map { $0.cancelled ? "cancelled" : $0.planned != true && isLogged($0, attendance: document.attendance) ? "logged" : "planned" }
                ?? "not planned yet"
            let lead = session?.leadFacilitatorId.map { facilitatorNames[$0] ?? $0 } ?? ""
            // Nobody is present at a session not yet held (nor at a cancelled one).
            let present = session.flatMap { s in s.isHeld ? document.attendance.filter { $0.sessionId == s.id && $0.status.attended }.count : nil }
            let log: SafeHTML = context.can(.logSessions) && session?.cancelled != true
                ? "<a class=\"button small\" href=\"\(SiteRoute.sessionLog(programme: programme.id, number: String(number)).path)\">\(status == "logged" ? "Edit log of session \(number)" : "Log session \(number)")</a>" : ""
            let plan: SafeHTML = context.can(.setUpProgrammes) && session?.planned == true && session?.cancelled != true
                ? " <a class=\"button small secondary\" href=\"\(SiteRoute.sessionPlan(programme: programme.id, number: String(number)).path)\">Move or cancel</a>" : ""
            let reason: SafeHTML = session?.cancelledReason.map { SafeHTML(": \($0)") } ?? ""
            let second: SafeHTML = context.can(.logSessions) && status == "logged"
                ? " <a class=\"button small secondary\" href=\"\(SiteRoute.secondObservation(programme: programme.id, number: String(number)).path)\">Second observation</a>" : ""
            return "<tr><td>\(number)</td><td>\(session?.date?.description ?? "")</td><td>\(lead)</td><td>\(present.map(String.init) ?? "")</td><td>\(status)\(reason)</td><td>\(log)\(plan)\(second)</td></tr>"
        }

        let journeyByDyad = Dictionary(journeys.filter { $0.invitation.programmeId == programme.id }.map { ($0.invitation.dyadId, $0) },
                                       uniquingKeysWith: { a, _ in a })

        let enrolmentRows = invitations.sorted { $0.dyadId < $1.dyadId }.map { invitation -> SafeHTML in
            let journey = journeyByDyad[invitation.dyadId]
            let inviter = invitation.invitedByFacilitatorId.map { facilitatorNames[$0] ?? $0 } ?? invitation.invitedByPractitioner ?? "–"
            let need = needs[invitation.dyadId]?.level.rawValue ?? "unknown"
            let action: SafeHTML = context.can(.manageEnrolment) && !EnrolmentAnswer.offered(for: invitation.status).isEmpty
                ? "<td><a class=\"button small\" href=\"\(SiteRoute.enrolment(programme: programme.id, dyad: invitation.dyadId).path)\">Record her answer</a></td>"
                : context.can(.manageEnrolment) ? "<td></td>" : ""
            return "<tr><td><a href=\"\(SiteRoute.dyad(invitation.dyadId).path)\">\(names.dyads[invitation.dyadId] ?? invitation.dyadId)</a></td><td>\(EnrolmentPages.statusWords(invitation.status))</td><td>\(invitation.mode.words) by \(inviter)</td><td>\(journey.map { "\($0.attended) of \($0.sessionsHeld)" } ?? "")</td><td>\(need)</td>\(action)</tr>"
        }
        let actionHeader: SafeHTML = context.can(.manageEnrolment) ? "<th scope=\"col\"><span class=\"visually-hidden\">Action</span></th>" : ""
        let inviteLink: SafeHTML = context.can(.manageEnrolment)
            ? "<p class=\"page-actions\"><a class=\"button secondary\" href=\"\(SiteRoute.reminders(programme: programme.id).path)\">Reminders</a> <a class=\"button\" href=\"\(SiteRoute.invite(programme: programme.id).path)\">Invite a mother</a></p>" : ""
        // A freed place is offered to the first on the waiting list, by the day she said yes.
        let waiting = invitations.filter { $0.status == .waiting }
            .sorted { ($0.consentDate?.description ?? "", $0.id) < ($1.consentDate?.description ?? "", $1.id) }
        let freePlaces = programme.placeLimit.map { $0 - placesTaken } ?? 0
        let offer: SafeHTML = {
            guard let first = waiting.first, freePlaces > 0, context.can(.manageEnrolment) else { return "" }
            let shown = names.dyads[first.dyadId] ?? first.dyadId
            return "<div class=\"note\" role=\"note\"><strong>A place is free.</strong> First on the waiting list: \(shown)\(first.consentDate.map { ", waiting since \($0)" } ?? ""). <a href=\"\(SiteRoute.enrolment(programme: programme.id, dyad: first.dyadId).path)\">Offer her the place</a>.</div>"
        }()

        var reachHTML: SafeHTML = "<p>No invitations recorded.</p>"
        if let reach, reach.total.invited > 0 {
            let steps: [(String, Int)] = [("Invited", reach.total.invited), ("Consented", reach.total.consented),
                                         ("Came at least once", reach.total.attendedOnce), ("Completed", reach.total.completed)]
            let chart = SVGBarChart(titleID: "reach-chart-title", bars: steps.map { .init(label: $0.0, value: $0.1) },
                                    maximum: max(reach.total.invited, 1), valueDescription: "dyads")
            let needRows = reach.byNeed.filter { $0.counts.invited > 0 }.map { row -> SafeHTML in
                "<tr><th scope=\"row\">\(row.need.rawValue)</th><td>\(row.counts.invited)</td><td>\(row.counts.consented)</td><td>\(row.counts.attendedOnce)</td><td>\(row.counts.completed)</td><td>\(row.counts.consentedNeverAttended)</td></tr>"
            }
            reachHTML = """
            <figure><h3 id="reach-chart-title">Reach of \(programme.name)</h3>\(chart.svg)</figure>
            <div class="table-wrap" role="region" aria-label="Reach by level of need" tabindex="0"><table><caption>By level of need (text alternative to the chart)</caption><thead><tr><th scope="col">Need</th><th scope="col">Invited</th><th scope="col">Consented</th><th scope="col">Came once</th><th scope="col">Completed</th><th scope="col">Said yes, never came</th></tr></thead>
            <tbody>\(needRows)<tr><th scope="row">all</th><td>\(reach.total.invited)</td><td>\(reach.total.consented)</td><td>\(reach.total.attendedOnce)</td><td>\(reach.total.completed)</td><td>\(reach.total.consentedNeverAttended)</td></tr></tbody></table></div>
            """
        }

        return """
        <p class="breadcrumb"><a href="\(SiteRoute.programmes.path)">Programmes</a> › \(programme.name)</p>
        <h1>\(programme.name) <span class="muted">(\(programme.id))</span></h1>
        <p class="lede">\(centre?.name ?? programme.centreId) · \(programme.plannedSessions) planned sessions\(programme.placeLimit.map { " · \(placesTaken) of \($0) places taken" } ?? " · \(placesTaken) enrolled").</p>
        \(notice)
        <section aria-labelledby="profile-title" class="card"><h2 id="profile-title">Mechanism profile: \(profile.total) of \(MechanismCatalogue.rated.count) yes</h2>
        \(logged.map { SafeHTML("<p class=\"flash\" role=\"status\">Saved the log of session \($0). This profile includes it.</p>") } ?? "")
        \(provisional(profile, rubric: rubric))<p class="muted">Derived from what was recorded, \(profile.basis). Open a mechanism to see the numbers behind its rating and the records used. <a href="\(SiteRoute.cycles.path)?programme=\(SiteRoute.escape(programme.id))">Its ratings across audit cycles</a>.</p>
        <ul class="mechanism-list">\(mechanismRows)</ul></section>
        <section aria-labelledby="sessions-title" class="card"><h2 id="sessions-title">Sessions</h2>
        <div class="table-wrap" role="region" aria-labelledby="sessions-title" tabindex="0"><table><thead><tr><th scope="col">No.</th><th scope="col">Date</th><th scope="col">Led by</th><th scope="col">Dyads present</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead><tbody>\(sessionRows)</tbody></table></div></section>
        \(saidSection(context: context, programme: programme, profile: profile, excerpts: document.excerpts.filter { $0.programmeId == programme.id }, rubric: rubric))
        \(agreementSection(ObserverAgreement(document, rubric: rubric, programmes: [programme.id]), heldSessions: profile.heldSessions))
        <section aria-labelledby="enrolment-title" class="card"><h2 id="enrolment-title">Enrolment</h2>\(inviteLink)\(offer)
        \(waiting.isEmpty ? "" : SafeHTML("<p class=\"muted\">\(waiting.count) on the waiting list.</p>"))
        \(invitations.isEmpty ? "<p>No one is invited yet.</p>" : SafeHTML("""
        <div class="table-wrap" role="region" aria-labelledby="enrolment-title" tabindex="0"><table><thead><tr><th scope="col">Mother</th><th scope="col">Status</th><th scope="col">Invited</th><th scope="col">Attended</th><th scope="col">Need</th>\(actionHeader)</tr></thead><tbody>\(enrolmentRows)</tbody></table></div>
        """))</section>
        <section aria-labelledby="reach-title" class="card"><h2 id="reach-title">Reach</h2>\(reachHTML)</section>
        \(DashboardPage.missedSection(missed, total: missed.count, names: names))
        """
    }

    /// A record the engine used, as a person reads it: "attendance A3-D01@A3-S1" is "Amy Lee at
    /// session 1" (her code when `names` has no name for her), "session A3-S2" is "session 2"
    /// (the sessions of this programme).
    static func plainWords(_ reference: String, programme: String, names: [String: String] = [:]) -> String {
        let sessionPrefix = programme + "-S"
        if reference.hasPrefix("attendance "), let at = reference.firstIndex(of: "@") {
            let code = String(reference[reference.index(reference.startIndex, offsetBy: "attendance ".count)..<at])
            let dyad = names[code] ?? code
            let session = reference[reference.index(after: at)...]
            return session.hasPrefix(sessionPrefix) ? "\(dyad) at session \(session.dropFirst(sessionPrefix.count))" : "\(dyad) at \(session)"
        }
        if reference.hasPrefix("session " + sessionPrefix) { return "session " + reference.dropFirst(("session " + sessionPrefix).count) }
        return reference
    }

    /// What people said beside each rating (`Triangulation`): per mechanism coded, the excerpts
    /// for and against, divergent ones flagged; then the excerpts themselves, for those who may
    /// read free text (never an evaluator).
    static func saidSection(context: PageContext, programme: Programme, profile: ProgrammeProfile, excerpts: [Excerpt], rubric: Rubric) -> SafeHTML {
        let add: SafeHTML = context.can(.codeExcerpts)
            ? "<p class=\"page-actions\"><a class=\"button secondary\" href=\"\(SiteRoute.newExcerpt(programme: programme.id).path)\">Add an excerpt</a></p>" : ""
        let title: SafeHTML = "<h2 id=\"said-title\">What people said</h2>"
        guard !excerpts.isEmpty else {
            return "<section aria-labelledby=\"said-title\" class=\"card\">\(title)<p class=\"muted\">No quotation or observation note is recorded yet. Coded to the mechanisms they bear on, they are read beside each rating, as the study did.</p>\(add)</section>"
        }
        let triangulation = Triangulation(profiles: [profile], excerpts: excerpts, rule: rubric.divergence)
        let rows = triangulation.cells.map { cell -> SafeHTML in
            let flag: SafeHTML = cell.isDivergent ? "<span class=\"flag-low rating-variable\">Divergent</span>" : ""
            return "<tr><th scope=\"row\"><a href=\"#mechanism-\(cell.mechanism.id.description)\" title=\"Its records, in the profile above\">\(cell.mechanism.id.description) \(cell.mechanism.shortName)</a><br><span class=\"muted explanation\">\(cell.explanation)</span></th><td data-label=\"Rating\">\(RatingView.badge(cell.rating))</td><td data-label=\"Supporting\">\(cell.supporting.count)</td><td data-label=\"Contradicting\">\(cell.contradicting.count)</td><td data-label=\"Flag\">\(flag)</td></tr>"
        }
        let divergent = triangulation.divergent
        let rule = rubric.divergence
        let note: SafeHTML = divergent.isEmpty ? "" : "<div class=\"note\" role=\"note\"><strong>\(divergent.count) divergent:</strong> \(divergent.map { "\($0.mechanism.id) \($0.mechanism.shortName) (rated \($0.rating.word))" }.joined(separator: "; ")). What people said points away from the rating (at least \(rule.againstAtLeast) excerpts against it, at most \(rule.forAtMost) for it): look at its evidence again.</div>"
        let list: SafeHTML
        if context.can(.codeExcerpts) {
            let items = excerpts.map { excerpt -> SafeHTML in
                let codes = excerpt.codes.map { "\($0.mechanism) \($0.stance.rawValue)" }.joined(separator: ", ")
                let memo: SafeHTML = excerpt.memo.map { "<p class=\"muted\">Memo: \($0)</p>" } ?? ""
                return "<li id=\"excerpt-\(excerpt.id)\"><blockquote>\(excerpt.text)</blockquote><p class=\"muted\">\(excerpt.speakerRole.label), \(excerpt.source.label.lowercased())\(excerpt.date.map { ", \($0)" } ?? "") · \(codes)\(excerpt.deidentified ? " · de-identified" : "")</p>\(memo)</li>"
            }
            list = "<h3>The excerpts</h3><ul class=\"excerpts\">\(items)</ul>"
        } else {
            list = "<p class=\"muted\">\(excerpts.count) excerpt\(excerpts.count == 1 ? "" : "s"); their words are not shown to evaluators.</p>"
        }
        return """
        <section aria-labelledby="said-title" class="card">\(title)\(add)
        <p>Each mechanism's rating, with the numbers behind it, beside the excerpts coded to it; a mechanism's name leads to its records in the profile above.</p>\(note)
        <div class="table-wrap" role="region" aria-labelledby="said-title" tabindex="0"><table class="stacked"><thead><tr><th scope="col">Mechanism</th><th scope="col">Rating</th><th scope="col">Supporting</th><th scope="col">Contradicting</th><th scope="col"><span class="visually-hidden">Flag</span></th></tr></thead><tbody>\(rows)</tbody></table></div>
        \(list)</section>
        """
    }

    /// Whether a second observer's checks of this programme's sessions agree with the log's
    /// (`ObserverAgreement`), each check with its kappa, those below the rubric's threshold flagged.
    static func agreementSection(_ agreement: ObserverAgreement, heldSessions: Int) -> SafeHTML {
        let title: SafeHTML = "<h2 id=\"agreement-title\">Do observers agree?</h2>"
        guard agreement.observedSessions > 0 else {
            return "<section aria-labelledby=\"agreement-title\" class=\"card\">\(title)<p class=\"muted\">No session has a second observation yet. A second observer records a held session's checks on their own (Second observation, beside each logged session); Attune then shows how far the two agree.</p></section>"
        }
        let threshold = NumberText.number(agreement.threshold)
        let rated = agreement.checks.filter { $0.n > 0 }
        let rows = rated.map { check -> SafeHTML in
            let flag: SafeHTML = check.isLow ? "<span class=\"flag-low rating-no\">Below \(threshold)</span>" : ""
            let kappa = check.kappa.value.map { AgreementFormats.kappaText(.value($0)) } ?? "not computable*"
            return "<tr><th scope=\"row\">\(check.field.label)</th><td data-label=\"Sessions\">\(check.n)</td><td data-label=\"Agreement\">\(AgreementFormats.share(check.agreement))</td><td data-label=\"Kappa\">\(kappa)</td><td data-label=\"Flag\">\(flag)</td></tr>"
        }
        // Why a kappa could not be computed, said once under the table rather than in each row.
        let reasons = Array(Set(rated.compactMap(\.kappa.reason))).sorted()
        let footnote: SafeHTML = reasons.isEmpty ? "" : "<p class=\"muted\">* Not computable: \(reasons.joined(separator: "; ")).</p>"
        let fewSessions: SafeHTML = rated.contains { $0.n < 10 } ? "<p class=\"muted\">A kappa from fewer than 10 sessions is a rough guide: its interval is wide.</p>" : ""
        let low = agreement.lowChecks
        let lowText: SafeHTML = low.isEmpty
            ? "<p>No check is below kappa \(threshold), the rubric's threshold.</p>"
            : "<div class=\"note\" role=\"note\"><strong>\(low.count) check\(low.count == 1 ? "" : "s") below kappa \(threshold):</strong> \(low.map(\.field.label).joined(separator: ", ")). The two observers' records of \(low.count == 1 ? "it" : "them") cannot yet be relied on: agree what each check means, and observe again.</div>"
        let ratings = agreement.ratings
        let ratingsText: SafeHTML = ratings.n == 0 ? "" : "<p class=\"muted\">Derived ratings from the observed sessions, as logged and as the second observer saw them: \(ratings.n) mechanism\(ratings.n == 1 ? "" : "s") compared, \(AgreementFormats.share(ratings.agreement)) the same; weighted kappa \(AgreementFormats.valueText(ratings.linear)) (linear), \(AgreementFormats.valueText(ratings.quadratic)) (quadratic).</p>"
        return """
        <section aria-labelledby="agreement-title" class="card">\(title)
        <p>\(agreement.observedSessions) of \(heldSessions) held session\(heldSessions == 1 ? "" : "s") observed a second time. Cohen's kappa is agreement beyond chance: 1 is perfect, 0 no better than chance.</p>
        \(lowText)
        <div class="table-wrap" role="region" aria-labelledby="agreement-title" tabindex="0"><table class="stacked"><thead><tr><th scope="col">Check</th><th scope="col">Sessions</th><th scope="col">Agreement</th><th scope="col">Kappa (95% interval)</th><th scope="col"><span class="visually-hidden">Flag</span></th></tr></thead><tbody>\(rows)</tbody></table></div>
        \(footnote)\(fewSessions)\(ratingsText)</section>
        """
    }

    /// Said where the profile is shown, when too few of its sessions were held for it to be
    /// ranked with other programmes (`Rubric.isProvisional`).
    static func provisional(_ profile: ProgrammeProfile, rubric: Rubric) -> SafeHTML {
        guard rubric.isProvisional(heldSessions: profile.heldSessions) else { return "" }
        let needed = rubric.provisionalBelowHeldSessions
        return "<div class=\"note\" role=\"note\"><strong>Provisional. </strong>\(profile.heldSessions) of the \(needed) sessions held that a profile needs before it is ranked with other programmes. Until then it is left out of rankings, totals and comparisons.</div>"
    }
}
