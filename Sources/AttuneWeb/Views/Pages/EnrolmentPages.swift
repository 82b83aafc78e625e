import AttuneCore
import AttuneHTML

/// Inviting a mother to a programme (one already registered at the centre, or a new one
/// registered as she is invited) and recording her answer.
enum EnrolmentPages {
    static func invite(context: PageContext, target: EnrolmentController.Target, values: [String: String], problems: [String: String],
                       duplicates: [Dyad]) -> SafeHTML {
        let programme = target.programme
        let existing = values["form"] == "existing"
        // Each form's problems beside its own fields; the other form shows none.
        let newProblems = existing ? [:] : problems, existingProblems = existing ? problems : [:]
        let newValues = existing ? values.filter { $0.key.hasSuffix("consent_date") } : values
        let existingValues = existing ? values : [:]
        let invitable = target.registered.filter { !target.invited.contains($0.id) }
            .sorted { ($0.motherName ?? $0.id).localizedCaseInsensitiveCompare($1.motherName ?? $1.id) == .orderedAscending }

        let existingSection: SafeHTML = invitable.isEmpty ? "" : """
        <section class="card" aria-labelledby="existing-title"><h2 id="existing-title">A mother already registered at \(target.centre?.name ?? programme.centreId)</h2>
        \(FormField.errorSummary(existingProblems, saved: "She was not invited", prefix: "existing-"))
        <form method="post" action="\(SiteRoute.invite(programme: programme.id).path)" novalidate>
        \(context.csrfField)<input type="hidden" name="form" value="existing">
        \(FormField.select("dyad_id", label: "Mother", options: [("", "Choose")] + invitable.map { ($0.id, mother($0)) },
                           selected: existingValues["dyad_id"], error: existingProblems["dyad_id"], prefix: "existing-"))
        \(invitedBy(target, values: existingValues, problems: existingProblems, prefix: "existing-"))
        <div class="actions"><button type="submit" class="button">Invite her</button></div>
        </form></section>
        """

        let duplicateWarning: SafeHTML = duplicates.isEmpty ? "" : """
        <div class="error-summary" role="alert" tabindex="-1"><h2>She may be registered already</h2>
        <p>\(duplicates.count == 1 ? "A mother" : "\(duplicates.count) mothers") at this centre \(duplicates.count == 1 ? "has" : "have") the same name, baby's name and baby's date of birth:</p>
        <ul>\(duplicates.map { SafeHTML("<li><a href=\"\(SiteRoute.dyad($0.id).path)\">\(mother($0))</a></li>") })</ul>
        <p>If she is the same mother, invite her above instead. If not, tick the box at the end of the form and save again.</p></div>
        """
        let notDuplicate: SafeHTML = duplicates.isEmpty && values["not_a_duplicate"] == nil ? "" :
            FormField.checkbox("not_a_duplicate", label: "She is not the mother listed above: register her", checked: values["not_a_duplicate"] == "true")

        return """
        <p class="breadcrumb"><a href="\(SiteRoute.programmes.path)">Programmes</a> › <a href="\(SiteRoute.programme(programme.id).path)">\(programme.name)</a> › Invite a mother</p>
        <h1>Invite a mother to \(programme.name)</h1>
        <p class="lede">A personal invitation, in person or by phone from someone she knows, is what brings mothers in (mechanism M1). Record who invited her and how; her answer comes next.</p>
        \(existingSection)
        <section class="card" aria-labelledby="new-title"><h2 id="new-title">A mother new to Attune</h2>
        \(duplicateWarning)\(FormField.errorSummary(newProblems, saved: "She was not registered"))
        <form method="post" action="\(SiteRoute.invite(programme: programme.id).path)" novalidate>
        \(context.csrfField)<input type="hidden" name="form" value="new">
        \(RecordForm.fields(EvidenceRecords.dyad, EnrolmentController.dyadFields, values: newValues, problems: newProblems,
                            required: EnrolmentController.needed))
        \(invitedBy(target, values: newValues, problems: newProblems, prefix: ""))
        \(notDuplicate)
        <div class="actions"><button type="submit" class="button">Register and invite her</button> <a href="\(SiteRoute.programme(programme.id).path)">Cancel</a></div>
        </form></section>
        """
    }

    /// Who invited her and how.
    private static func invitedBy(_ target: EnrolmentController.Target, values: [String: String], problems: [String: String],
                                  prefix: String) -> SafeHTML {
        let mode = EvidenceRecords.invitation.fields.first { $0.name == "mode" }
        let modes = InvitationMode.allCases.map { ($0.rawValue, mode?.choiceLabels[$0.rawValue] ?? $0.words) }
        return """
        <fieldset class="group"><legend>The invitation</legend>
        \(FormField.select("mode", label: "Way she was invited", options: [("", "Choose")] + modes, selected: values["mode"], error: problems["mode"], prefix: prefix))
        \(FormField.select("invited_by_facilitator_id", label: "Invited by a facilitator", options: [("", "None of them")] + target.facilitators.map { ($0.id, $0.name) },
                           selected: values["invited_by_facilitator_id"], error: problems["invited_by_facilitator_id"], prefix: prefix))
        \(FormField.text("invited_by_practitioner", label: "Or by another practitioner", value: values["invited_by_practitioner"],
                         error: problems["invited_by_practitioner"], hint: "For example: Health visitor J. Patel", prefix: prefix))
        </fieldset>
        """
    }

    static func answer(context: PageContext, programme: Programme, invitation: Invitation, mother: String, values: [String: String],
                       problems: [String: String]) -> SafeHTML {
        let offered = EnrolmentAnswer.offered(for: invitation.status)
        let radios = offered.map { answer -> SafeHTML in
            "<label class=\"choice\"><input type=\"radio\" name=\"answer\" value=\"\(answer.rawValue)\"\(values["answer"] == answer.rawValue ? SafeHTML(" checked") : "")> \(answer.label)</label>"
        }
        let form: SafeHTML = offered.isEmpty ? "<p>She has completed the programme: there is nothing more to record.</p>" : """
        <form method="post" action="\(SiteRoute.enrolment(programme: programme.id, dyad: invitation.dyadId).path)" class="card" novalidate>
        \(context.csrfField)
        <fieldset class="field boxes\(problems["answer"] == nil ? "" : " has-error")" id="field-answer"><legend>Her answer</legend>\(FormField.error(problems["answer"], id: "field-answer"))\(radios)</fieldset>
        \(FormField.textarea("reason", label: "Her reason if she declined or withdrew (needed); a note if she completed", value: values["reason"], error: problems["reason"]))
        <div class="actions"><button type="submit" class="button">Save her answer</button> <a href="\(SiteRoute.programme(programme.id).path)">Cancel</a></div>
        </form>
        """
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.programmes.path)">Programmes</a> › <a href="\(SiteRoute.programme(programme.id).path)">\(programme.name)</a> › \(mother)</p>
        <h1>\(mother)'s answer</h1>
        <p class="lede">Invited to \(programme.name) \(invitation.mode.words)\(invitation.date.map { " on \($0)" } ?? ""). Now: \(statusWords(invitation.status)).</p>
        \(FormField.errorSummary(problems))
        \(form)
        """
    }

    /// An invitation's status as the pages say it.
    static func statusWords(_ status: EnrolmentStatus) -> String {
        switch status {
        case .invited: "invited, no answer yet"
        case .enrolled: "has a place"
        case .waiting: "on the waiting list"
        case .declined: "declined"
        case .withdrawn: "withdrew"
        case .completed: "completed"
        }
    }

    /// "Amy Jones (baby Leo, born 2026-10-02)".
    static func mother(_ dyad: Dyad) -> String {
        let baby = [dyad.infantName.map { "baby \($0)" }, dyad.infantDateOfBirth.map { "born \($0)" }].compactMap { $0 }.joined(separator: ", ")
        return (dyad.motherName ?? dyad.id) + (baby.isEmpty ? "" : " (\(baby))")
    }
}
