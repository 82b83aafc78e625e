import AttuneCore
import AttuneHTML

/// The form that sets up a new programme and its planned sessions, and the one that moves or
/// cancels a planned session.
enum ProgrammeSetUpPage {
    static func session(context: PageContext, programme: Programme, session: Session, values: [String: String],
                        problems: [String: String]) -> SafeHTML {
        let path = SiteRoute.sessionPlan(programme: programme.id, number: String(session.number)).path
        let forms: SafeHTML = session.cancelled || session.planned != true
            ? "<p>\(session.cancelled ? "This session is cancelled." : "This session was held: correct its log instead.")</p>"
            : """
            <form method="post" action="\(path)" class="card" novalidate>
            \(context.csrfField)<input type="hidden" name="action" value="move">
            <h2>Move it to another day</h2>
            \(FormField.text("date", label: "New date", value: values["date"] ?? session.date?.description, error: problems["date"], type: "date", hint: "YYYY-MM-DD"))
            <p class="muted">Reminders not yet sent are planned again for the new day.</p>
            <div class="actions"><button type="submit" class="button">Move the session</button></div>
            </form>
            <form method="post" action="\(path)" class="card" novalidate>
            \(context.csrfField)<input type="hidden" name="action" value="cancel">
            <h2>Cancel it</h2>
            \(FormField.textarea("reason", label: "Why it is cancelled", value: values["reason"], error: problems["reason"]))
            <p class="muted">No reminder is sent for a cancelled session, and it takes no attendance.</p>
            <div class="actions"><button type="submit" class="button danger">Cancel the session</button></div>
            </form>
            """
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.programmes.path)">Programmes</a> › <a href="\(SiteRoute.programme(programme.id).path)">\(programme.name)</a> › Session \(session.number)</p>
        <h1>Session \(session.number) of \(programme.name)</h1>
        <p class="lede">Planned for \(session.date?.description ?? "a day not yet set") at \(programme.sessionStartTime.description).</p>
        \(FormField.errorSummary(problems, saved: "The session was not changed"))
        \(forms)
        """
    }

    static func main(context: PageContext, centres: [Centre], facilitators: [Facilitator], values: [String: String],
                     problems: [String: String]) -> SafeHTML {
        let centreOptions = (centres.count == 1 ? [] : [("", "Choose")]) + centres.map { ($0.id, $0.name) }
        let leadOptions = [("", "Choose")] + facilitators.map { ($0.id, $0.name) }
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.programmes.path)">Programmes</a> › Set up a programme</p>
        <h1>Set up a programme</h1>
        <p class="lede">Saving makes its weekly sessions, planned from the first date. Each counts towards the programme's profile once its log is saved.</p>
        \(FormField.errorSummary(problems, saved: "The programme was not set up"))
        <form method="post" action="\(SiteRoute.newProgramme.path)" class="card" novalidate>
        \(context.csrfField)
        \(FormField.select("centre_id", label: "Centre", options: centreOptions, selected: values["centre_id"], error: problems["centre_id"]))
        \(RecordForm.fields(EvidenceRecords.programme, ProgrammeSetUpController.fields, values: values, problems: problems,
                            required: ProgrammeSetUpController.needed))
        \(FormField.text("session_dates", label: "Or the days one by one", value: values["session_dates"], error: problems["session_dates"],
                         hint: "Instead of weekly sessions: YYYY-MM-DD, separated by commas"))
        \(FormField.select("lead_facilitator_id", label: "Lead facilitator", options: leadOptions, selected: values["lead_facilitator_id"],
                           error: problems["lead_facilitator_id"]))
        <fieldset class="group"><legend>Reminders</legend>
        <p class="hint">The mothers enrolled are reminded by their chosen channel. Usually a week and a day before the first session, and the day before each later one.</p>
        \(FormField.text("reminders_first", label: "Days before the first session", value: values["reminders_first"], error: problems["reminders_first"], hint: "Separated by commas, 0-28"))
        \(FormField.text("reminders_later", label: "Days before each later session", value: values["reminders_later"], error: problems["reminders_later"], hint: "Separated by commas, 0-28"))
        \(FormField.text("reminders_at", label: "Sent at", value: values["reminders_at"], error: problems["reminders_at"], type: "time", hint: "HH:MM, 24-hour"))
        </fieldset>
        <div class="actions"><button type="submit" class="button">Set up the programme</button> <a href="\(SiteRoute.programmes.path)">Cancel</a></div>
        </form>
        """
    }
}
