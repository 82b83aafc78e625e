import AttuneCore
import AttuneHTML
import AttuneStore
import Foundation

enum DyadPage {
    /// How many entries of who viewed or changed her record the page shows.
    static let activityShown = 20

    static func main(context: PageContext, document: EvidenceDocument, dyad: Dyad, measures: DyadMeasures,
                     alerts: [SafeguardingAlert], reminders: [OutboxEntry], followUps: [FollowUpAction], journeys: [DyadJourney], reach: ReachAnalysis,
                     wording: MeasureWording?, form: DyadController.FormState, invitable: [(code: String, name: String)] = [],
                     activity: [ActivityEntry] = [], erasedAt: Date? = nil, measureChanges: [StoredChange] = []) -> SafeHTML {
        let clock = LocalClock.london
        var parts: [SafeHTML] = []
        parts.append("<p class=\"breadcrumb\"><a href=\"\(SiteRoute.programmes.path)\">Programmes</a> › \(title(dyad, context: context))</p>")
        parts.append("<h1>\(title(dyad, context: context))</h1>")
        if let erasedAt {
            parts.append("<p class=\"notice\" role=\"note\">Her record was erased on \(clock.stamp(erasedAt)): only her code, invitations, attendance marks and the count of her social risk factors remain.</p>")
        }
        if context.can(.viewPersonalDetails) {
            func consent(_ given: Bool?, _ date: CalendarDate?, _ recordedBy: String?) -> String? {
                given.map { ($0 ? "yes" : "no") + (date.map { ", \($0)" } ?? "") + (recordedBy.map { ", recorded by \($0)" } ?? "") }
            }
            let referral = EvidenceRecords.dyad.fields.first { $0.name == "referral" }
            let details: [(String, String?)] = [("Mother", dyad.motherName), ("Baby", dyad.infantName),
                                                ("Baby's date of birth", dyad.infantDateOfBirth?.description), ("Phone", dyad.phone),
                                                ("Email", dyad.email), ("Postal address", dyad.postalAddress), ("Reminders by", dyad.reminderChannel.label),
                                                ("Not to be reminded by", dyad.optedOutChannels.isEmpty ? nil : dyad.optedOutChannels.map(\.label).joined(separator: ", ")),
                                                ("Referred by", dyad.referral.map { referral?.choiceLabels[$0.rawValue] ?? RecordForm.word($0.rawValue) }),
                                                ("Consent to records", consent(dyad.consentToRecords, dyad.consentDate, dyad.consentRecordedBy)),
                                                ("Consent to contact", consent(dyad.consentToContact, dyad.contactConsentDate, dyad.contactConsentRecordedBy)),
                                                ("Consent to research", consent(dyad.consentToResearch, dyad.researchConsentDate, dyad.researchConsentRecordedBy))]
            let rows = details.compactMap { label, value -> SafeHTML? in value.map { "<dt>\(label)</dt><dd>\($0)</dd>" } }
            parts.append("<dl class=\"details\">\(rows)</dl>")
            if context.can(.manageEnrolment) {
                parts.append("<p><a href=\"\(SiteRoute.dyadRegistration(dyad.id).path)\">Correct her registration</a></p>")
            }
        } else {
            parts.append("<p class=\"muted\">Pseudonymised: names and contact details are not shown to evaluators.</p>")
        }
        let need = measures.need
        parts.append("<section class=\"card need need-\(need.level.rawValue)\" aria-labelledby=\"need-title\"><h2 id=\"need-title\">Level of need: \(need.level.rawValue)</h2><p>\(need.reasons.isEmpty ? "Nothing measured yet." : need.reasons.joined(separator: "; ") + ".")</p></section>")

        if context.can(.viewAlerts) {
            let open = alerts.filter { $0.closedAt == nil }
            let closed = alerts.filter { $0.closedAt != nil }
            let openItems = open.map { alert -> SafeHTML in
                let field = "close-\(alert.id)"
                let closeForm: SafeHTML = context.can(.closeAlerts) ? """
                <form method="post" action="\(SiteRoute.alertClose(alert.id).path)" class="close-alert">\(context.csrfField)
                \(FormField.textarea("action", label: "Action taken (needed to close)", value: form.which == field ? form.values["action"] : nil, error: form.problems[field], prefix: "\(field)-"))
                <button type="submit" class="button">Close the alert with this action</button></form>
                """ : ""
                return "<li class=\"alert-item\(alert.kind == .selfHarm ? " urgent" : "")\"><strong>\(alert.kind == .selfHarm ? "Same-day follow-up" : "Assess")</strong>: \(alert.reason) <span class=\"muted\">Raised \(clock.stamp(alert.raisedAt)) by \(alert.raisedBy); due by \(alert.dueBy.description).</span>\(closeForm)</li>"
            }
            let closedItems = closed.map { alert -> SafeHTML in
                "<li>\(alert.reason) <span class=\"muted\">Closed \(alert.closedAt.map { clock.stamp($0) } ?? "") by \(alert.closedBy): \(alert.actionTaken)</span></li>"
            }
            parts.append("""
            <section class="card" id="alerts" aria-labelledby="alerts-title"><h2 id="alerts-title">Safeguarding alerts</h2>
            \(open.isEmpty ? SafeHTML("<p>No open alerts.</p>") : "<ul class=\"plain-list\">\(openItems)</ul>")
            \(closed.isEmpty ? "" : SafeHTML("<h3>Closed</h3><ul class=\"plain-list\">\(closedItems)</ul>"))</section>
            """)
        }

        let programmeNames = Dictionary(document.programmes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let facilitatorNames = Dictionary(document.facilitators.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let links = invitable.map { programme -> SafeHTML in
            "<a href=\"\(SiteRoute.invite(programme: programme.code).path)?dyad=\(SiteRoute.escape(dyad.id))\">\(programme.name)</a>"
        }
        let inviteLinks: SafeHTML = links.isEmpty ? "" : "<p>Invite her to another programme: \(SafeHTML.join(links, separator: ", ")).</p>"
        let invitationRows = journeys.map { journey -> SafeHTML in
            let invitation = journey.invitation
            let inviter = invitation.invitedByFacilitatorId.map { facilitatorNames[$0] ?? $0 } ?? invitation.invitedByPractitioner ?? "–"
            // Reasons typed in (for absences, for closing the invitation) are free text: never
            // for evaluators, whose document has them withheld anyway.
            let freeText = context.can(.viewPersonalDetails)
            let absences = Set(reach.absences(of: journey).compactMap(\.absenceReason)).sorted().joined(separator: "; ")
            let absencesCell: SafeHTML = freeText ? "<td>\(absences)</td>" : ""
            let closedReason = freeText ? invitation.closedReason.map { " (\($0))" } ?? "" : ""
            // Her answer is recorded from here as from the programme's page.
            let answer: SafeHTML = context.can(.manageEnrolment) && !EnrolmentAnswer.offered(for: invitation.status).isEmpty
                ? "<br><a href=\"\(SiteRoute.enrolment(programme: invitation.programmeId, dyad: dyad.id).path)\">Record her answer</a>" : ""
            return "<tr><td><a href=\"\(SiteRoute.programme(invitation.programmeId).path)\">\(programmeNames[invitation.programmeId] ?? invitation.programmeId)</a></td><td>\(EnrolmentPages.statusWords(invitation.status))\(closedReason)\(answer)</td><td>\(invitation.mode.words) by \(inviter)\(invitation.date.map { " on \($0)" } ?? "")</td><td>\(journey.attended) of \(journey.sessionsHeld)</td>\(absencesCell)</tr>"
        }
        parts.append("""
        <section class="card" aria-labelledby="invitations-title"><h2 id="invitations-title">Invitations and attendance</h2>
        <table><thead><tr><th scope="col">Programme</th><th scope="col">Status</th><th scope="col">Invited</th><th scope="col">Attended</th>\(context.can(.viewPersonalDetails) ? SafeHTML("<th scope=\"col\">Absent because</th>") : "")</tr></thead><tbody>\(invitationRows)</tbody></table>\(inviteLinks)</section>
        """)

        let measureRows = measures.scored.map { item -> SafeHTML in
            let delete: SafeHTML = context.can(.recordMeasures) && context.can(.viewPersonalDetails)
                ? "<td><a href=\"\(SiteRoute.measureCorrection(dyad: dyad.id, measure: item.measurement.id).path)\">Correct…</a> <a href=\"\(SiteRoute.measureDeletion(dyad: dyad.id, measure: item.measurement.id).path)\">Delete…</a></td>" : ""
            return "<tr><td>\(item.measurement.instrument.name)</td><td>\(item.measurement.timepoint.rawValue.replacingOccurrences(of: "_", with: " "))</td><td>\(item.measurement.date.description)</td><td>\(item.measurement.administeredBy)</td><td>\(item.result.summary)</td>\(delete)</tr>"
        }
        let actionHeader: SafeHTML = context.can(.recordMeasures) && context.can(.viewPersonalDetails)
            ? "<th scope=\"col\"><span class=\"visually-hidden\">Action</span></th>" : ""
        let changes = measures.changes.sorted { $0.key.rawValue < $1.key.rawValue }.map { instrument, change -> SafeHTML in
            "<li>\(instrument.name): \(change > 0 ? "+" : "")\(change) from before to after</li>"
        }
        parts.append("""
        <section class="card" id="measures" aria-labelledby="measures-title"><h2 id="measures-title">Measures</h2>
        \(measureRows.isEmpty ? SafeHTML("<p>No measures recorded.</p>") : "<table><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">When</th><th scope=\"col\">Date</th><th scope=\"col\">By</th><th scope=\"col\">Scores</th>\(actionHeader)</tr></thead><tbody>\(measureRows)</tbody></table>")
        \(changes.isEmpty ? "" : SafeHTML("<ul>\(changes)</ul>"))
        \(context.can(.recordMeasures) ? entryForms(context: context, dyad: dyad, wording: wording, form: form) : "")</section>
        """)
        parts.append(SessionLogPage.history(measureChanges, clock: clock, title: "Measures corrected or deleted", id: "measure-history-title"))

        if context.can(.viewReminders) && !reminders.isEmpty {
            let rows = reminders.map { entry -> SafeHTML in
                "<tr><td>\(clock.stamp(entry.dueAt))</td><td>\(entry.sessionId)</td><td>\(entry.channel.label)</td><td>\(RemindersPage.words(entry, now: context.now))\(entry.note.map { SafeHTML(": \($0)") } ?? "")</td></tr>"
            }
            parts.append("<section class=\"card\" aria-labelledby=\"reminders-title\"><h2 id=\"reminders-title\">Reminders</h2><table><thead><tr><th scope=\"col\">Due</th><th scope=\"col\">Session</th><th scope=\"col\">Channel</th><th scope=\"col\">Status</th></tr></thead><tbody>\(rows)</tbody></table></section>")
        }

        let followUpItems = followUps.map { action -> SafeHTML in
            "<li>\(clock.stamp(action.recordedAt)), \(action.recordedBy) (\(action.programmeId)): \(context.can(.viewPersonalDetails) ? action.action : "(withheld from evaluators)")</li>"
        }
        var followUpForm: SafeHTML = ""
        if context.can(.recordFollowUps), !journeys.isEmpty {
            let options = journeys.map { (value: $0.invitation.programmeId, label: programmeNames[$0.invitation.programmeId] ?? $0.invitation.programmeId) }
            followUpForm = """
            <form method="post" action="\(SiteRoute.dyadFollowUp(dyad.id).path)">\(context.csrfField)
            \(FormField.select("programme", label: "Programme", options: options, selected: form.values["programme"], error: form.problems["follow-programme"], prefix: "follow-"))
            \(FormField.textarea("action", label: "What was done", value: form.which == "follow-up" ? form.values["action"] : nil, error: form.problems["follow-action"], prefix: "follow-"))
            <button type="submit" class="button">Record the follow-up</button></form>
            """
        }
        parts.append("""
        <section class="card" id="follow-ups" aria-labelledby="follow-title"><h2 id="follow-title">Follow-ups</h2>
        \(followUpItems.isEmpty ? SafeHTML("<p>None recorded.</p>") : "<ul>\(followUpItems)</ul>")\(followUpForm)</section>
        """)
        var rights: [SafeHTML] = []
        if context.can(.giveSubjectAccess) {
            rights.append("<a href=\"\(SiteRoute.dyadRecord(dyad.id).path)\">Everything held about her (to print)</a>")
            rights.append("<a href=\"\(SiteRoute.dyadRecordJSON(dyad.id).path)\">Everything held about her (JSON)</a>")
        }
        if context.can(.eraseRecords) && erasedAt == nil {
            rights.append("<a href=\"\(SiteRoute.dyadErasure(dyad.id).path)\">Erase her record</a>")
        }
        if !rights.isEmpty {
            parts.append("""
            <section class="card" id="rights" aria-labelledby="rights-title"><h2 id="rights-title">Her rights</h2>
            <p>She may have a copy of everything held about her, and ask for her record to be erased.</p>
            <ul class="plain">\(rights.map { SafeHTML("<li>\($0)</li>") })</ul></section>
            """)
        }
        if context.can(.viewRecordActivity) {
            parts.append("""
            <section class="card" id="activity" aria-labelledby="activity-title"><h2 id="activity-title">Who has seen or changed her record</h2>
            <p class="muted">The latest \(activityShown) entries of the activity log about her, this view included.</p>
            \(ActivityTable.table(activity, caption: "Views and changes of her record, the latest first", id: "activity-caption", showingDetails: false))
            </section>
            """)
        }
        return SafeHTML.join(parts, separator: "\n")
    }

    /// Her page's title: her name for those who may see it, else "Mother" and her code (an
    /// evaluator's is her pseudonym).
    static func title(_ dyad: Dyad, context: PageContext) -> String {
        context.can(.viewPersonalDetails) ? dyad.motherName ?? "Mother \(dyad.id)" : "Mother \(dyad.id)"
    }

    static func entryForms(context: PageContext, dyad: Dyad, wording: MeasureWording?, form: DyadController.FormState) -> SafeHTML {
        let isEPDS = form.which == "epds"
        let keyedByOption = keyedByOption(wording)
        let (epdsValues, epdsProblems) = isEPDS ? (form.values, form.problems) : ([:], [:])
        let (otherValues, otherProblems) = form.which == "other" ? (form.values, form.problems) : ([:], [:])
        return """
        <h3>Enter an EPDS</h3>
        \(FormField.errorSummary(epdsProblems, saved: "The EPDS was not saved", prefix: "epds-"))
        <form method="post" action="\(SiteRoute.dyadMeasures(dyad.id).path)" class="measure-form" novalidate>\(context.csrfField)
        <input type="hidden" name="form" value="epds">\(keyedByOption ? SafeHTML("<input type=\"hidden\" name=\"keyed\" value=\"options\">") : "")
        <p class="muted">\(keyedByOption ? "Choose the answer she gave; scores are keyed as published." : "Enter each item's score, 0-3, as keyed on the scoring sheet.") Any answer above 0 on item 10 raises a same-day safeguarding alert.</p>
        \(epdsFields(wording: wording, values: epdsValues, problems: epdsProblems))
        <button type="submit" class="button">Save and score the EPDS</button></form>
        <h3>Enter another measure</h3>
        \(FormField.errorSummary(otherProblems, saved: "The measure was not saved", prefix: "other-"))
        <form method="post" action="\(SiteRoute.dyadMeasures(dyad.id).path)" class="measure-form" novalidate>\(context.csrfField)
        <input type="hidden" name="form" value="other">
        \(otherFields(instruments: [.psi, .itq, .careIndex, .wmci], values: otherValues, problems: otherProblems))
        <button type="submit" class="button">Save and score</button></form>
        """
    }

    /// Whether the site's wording offers every EPDS item's four options (keyed as published on save).
    static func keyedByOption(_ wording: MeasureWording?) -> Bool {
        wording?.epds?.allSatisfy { $0.options != nil } == true
    }

    /// An EPDS's fields: its stage, its date and its ten items (read by `MeasureForm.parse`).
    static func epdsFields(wording: MeasureWording?, values: [String: String], problems: [String: String]) -> SafeHTML {
        let items = (1...10).map { item -> SafeHTML in
            let itemWording = wording?.epds?[item - 1]
            let label = itemWording.map { "Item \(item). \($0.text)" } ?? "Item \(item)"
            let options: [(value: String, label: String)] = [("", "Choose")] + (0...3).map { option in
                (value: String(option), label: itemWording?.options?[option] ?? "\(option)")
            }
            return FormField.select("item-\(item)", label: label, options: options, selected: values["item-\(item)"],
                                    error: problems["item-\(item)"], prefix: "epds-")
        }
        return """
        <div class="grid">\(FormField.select("timepoint", label: "When", options: timepoints, selected: values["timepoint"], error: problems["timepoint"], prefix: "epds-"))
        \(FormField.text("date", label: "Date taken", value: values["date"], error: problems["date"], type: "date", hint: "YYYY-MM-DD", prefix: "epds-"))</div>
        <div class="grid items">\(items)</div>
        \(FormField.error(problems["values"], id: "field-epds-values"))
        """
    }

    /// Another measure's fields (PSI-SF, ITQ, CARE-Index, WMCI): which, its stage, date and scores.
    static func otherFields(instruments: [Instrument], values: [String: String], problems: [String: String]) -> SafeHTML {
        """
        <div class="grid">\(FormField.select("instrument", label: "Measure", options: instruments.map { (value: $0.rawValue, label: $0.name) }, selected: values["instrument"], error: problems["instrument"], prefix: "other-"))
        \(FormField.select("timepoint", label: "When", options: timepoints, selected: values["timepoint"], error: problems["timepoint"], prefix: "other-"))
        \(FormField.text("date", label: "Date taken", value: values["date"], error: problems["date"], type: "date", hint: "YYYY-MM-DD", prefix: "other-"))</div>
        \(FormField.text("values", label: "Scores", value: values["values"], error: problems["values"], hint: "PSI-SF: 36 item scores or 3 subscale scores; ITQ: 9 category scores; CARE-Index: 7 scales; separated by commas", prefix: "other-"))
        \(FormField.select("classification", label: "WMCI classification", options: [("", "Not a WMCI"), ("balanced", "balanced"), ("disengaged", "disengaged"), ("distorted", "distorted")], selected: values["classification"], error: problems["classification"], prefix: "other-"))
        """
    }

    private static var timepoints: [(value: String, label: String)] {
        Timepoint.allCases.map { (value: $0.rawValue, label: $0.phrase) }
    }
}
