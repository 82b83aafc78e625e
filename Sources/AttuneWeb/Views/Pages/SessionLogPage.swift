import AttuneCore
import AttuneHTML
import AttuneStore

enum SessionLogPage {
    static func main(context: PageContext, loaded: SessionLogController.Loaded, values: [String: String], problems: [String: String]) -> SafeHTML {
        let programme = loaded.programme
        let summary: SafeHTML = problems.isEmpty ? "" : """
        <div class="error-summary" role="alert" tabindex="-1"><h2>Nothing was saved: \(problems.count) thing\(problems.count == 1 ? "" : "s") to correct</h2>
        <ul>\(problems.sorted { $0.key < $1.key }.map { SafeHTML("<li><a href=\"#field-\($0.key)\">\($0.value)</a></li>") })</ul></div>
        """
        let facilitatorBoxes = loaded.document.facilitators.map { facilitator -> SafeHTML in
            "<label class=\"choice\"><input type=\"checkbox\" name=\"\(SessionLogController.presentPrefix + facilitator.id)\"\(values[SessionLogController.presentPrefix + facilitator.id] != nil ? SafeHTML(" checked") : "")> \(facilitator.name)</label>"
        }
        let leadOptions = [("", "Choose who led")] + loaded.document.facilitators.map { ($0.id, $0.name) }
        // The yes/no checks, group by group, as the session's definition lists them.
        let checklists = EvidenceRecords.sessionChecks.map { group, checks -> SafeHTML in
            let items = checks.map { FormField.triState($0.name, label: $0.label, value: values[$0.name].flatMap { $0 == "yes" ? true : $0 == "no" ? false : nil }) }
            return "<section class=\"checklist\"><h2>\(group.label)</h2>\(items)</section>"
        }
        let registerRows = loaded.enrolled.map { dyad -> SafeHTML in
            let name: SafeHTML = context.can(.viewPersonalDetails) && dyad.motherName != nil ? " <span class=\"muted\">\(dyad.motherName)</span>" : ""
            let status = values[SessionLogController.attendancePrefix + dyad.id] ?? ""
            func option(_ value: String, _ label: String) -> SafeHTML {
                "<label class=\"choice\"><input type=\"radio\" name=\"\(SessionLogController.attendancePrefix + dyad.id)\" value=\"\(value)\"\(status == value ? SafeHTML(" checked") : "")> \(label)</label>"
            }
            let errorText = problems[SessionLogController.attendancePrefix + dyad.id] ?? problems["reason-\(dyad.id)"]
            return """
            <tr id="field-attendance-\(dyad.id)"><th scope="row">\(dyad.id)\(name)</th>
            <td><fieldset class="tri"><legend class="visually-hidden">Attendance of \(dyad.id)</legend>\(option("present", "Present"))\(option("late", "Late"))\(option("absent", "Absent"))\(option("", "Not recorded"))</fieldset>\(FormField.error(errorText, id: "field-attendance-\(dyad.id)"))</td>
            <td><label class="reason"><span class="visually-hidden">Reason \(dyad.id) was absent</span><input type="text" id="field-reason-\(dyad.id)" name="reason-\(dyad.id)" value="\(values["reason-\(dyad.id)"] ?? "")" placeholder="If absent: why (e.g. no bus fare)"></label></td></tr>
            """
        }
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.programmes.path)">Programmes</a> › <a href="\(SiteRoute.programme(programme.id).path)">\(programme.name)</a> › Session \(loaded.number)</p>
        <h1>Log session \(loaded.number) of \(programme.name)</h1>
        <p class="lede">Record what happened. Leave a check on "Not recorded" if nobody noted it: it is never read as "no".</p>
        \(summary)
        <form method="post" action="\(SiteRoute.sessionLog(programme: programme.id, number: String(loaded.number)).path)" class="session-log" novalidate>
        \(context.csrfField)
        <section class="card"><h2>The session</h2><div class="grid">
        \(FormField.text("date", label: "Date", value: values["date"], error: problems["date"], type: "date", hint: "YYYY-MM-DD"))
        \(FormField.select("lead_facilitator_id", label: "Led by", options: leadOptions.map { (value: $0.0, label: $0.1) }, selected: values["lead_facilitator_id"], error: problems["lead_facilitator_id"]))
        \(FormField.text("room_temperature_celsius", label: "Room temperature (°C)", value: values["room_temperature_celsius"], error: problems["room_temperature_celsius"], extra: " inputmode=\"decimal\""))
        \(FormField.text("unregistered_dyads_present", label: "Other mothers and babies present (not registered)", value: values["unregistered_dyads_present"], error: problems["unregistered_dyads_present"], extra: " inputmode=\"numeric\""))
        \(FormField.text("social_minutes", label: "Minutes of social time", value: values["social_minutes"], error: problems["social_minutes"], extra: " inputmode=\"numeric\""))
        </div>
        <fieldset class="field" id="field-facilitators_present"><legend>Facilitators present</legend>\(FormField.error(problems["facilitators_present"], id: "field-facilitators_present"))\(facilitatorBoxes)</fieldset>
        </section>
        <section class="card"><h2>Attendance register</h2>
        \(loaded.enrolled.isEmpty ? SafeHTML("<p>Nobody is enrolled yet.</p>") : "<table class=\"register\"><thead><tr><th scope=\"col\">Dyad</th><th scope=\"col\">Attendance</th><th scope=\"col\">Reason if absent</th></tr></thead><tbody>\(registerRows)</tbody></table>")
        </section>
        <div class="checklists">\(checklists)</div>
        <section class="card">\(FormField.textarea("notes", label: "Notes", value: values["notes"], error: problems["notes"]))</section>
        \(correction(loaded, today: CalendarDate.today(at: context.now), values: values, problems: problems))
        <div class="actions"><button type="submit" class="button">Save the session log</button> <a href="\(SiteRoute.programme(programme.id).path)">Cancel</a></div>
        </form>
        \(history(loaded.history, clock: .london))
        """
    }

    /// A held session's log changed after its day is a correction: it asks why
    /// (`SessionLogStore.save`).
    static func correction(_ loaded: SessionLogController.Loaded, today: CalendarDate, values: [String: String],
                           problems: [String: String]) -> SafeHTML {
        guard let session = loaded.session, session.isHeld, let date = session.date, date < today else { return "" }
        return """
        <section class="card correction"><h2>Correcting a held session</h2>
        <p>This session was held on \(date.description) and its log saved. What you change is kept beside the old value, with your name and your reason.</p>
        \(FormField.textarea("correction_reason", label: "Why it is corrected", value: values["correction_reason"], error: problems["correction_reason"]))
        </section>
        """
    }

    /// Every correction of the log: when, who, what changed from what, and why.
    static func history(_ changes: [StoredChange], clock: LocalClock, title: String = "Corrections", id: String = "history-title") -> SafeHTML {
        guard !changes.isEmpty else { return "" }
        let rows = changes.map { change -> SafeHTML in
            "<tr><td>\(clock.stamp(change.changedAt))</td><td>\(change.changedBy)</td><td>\(change.change.label)</td><td>\(change.change.old) → \(change.change.new)</td><td>\(change.reason)</td></tr>"
        }
        return """
        <section class="card" aria-labelledby="\(id)"><h2 id="\(id)">\(title)</h2>
        <div class="table-wrap" role="region" aria-labelledby="\(id)" tabindex="0"><table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Old → new</th><th scope="col">Why</th></tr></thead><tbody>\(rows)</tbody></table></div>
        </section>
        """
    }
}
