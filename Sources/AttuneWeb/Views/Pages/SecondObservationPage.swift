import AttuneCore
import AttuneHTML

/// The second observer's checklist: the session log's checks, as the session's definition lists
/// them, and nothing else of the log.
enum SecondObservationPage {
    static func main(context: PageContext, programme: Programme, session: Session, values: [String: String],
                     problems: [String: String]) -> SafeHTML {
        let checklists = EvidenceRecords.sessionChecks.map { group, checks -> SafeHTML in
            let items = checks.map { FormField.triState($0.name, label: $0.label, value: values[$0.name].flatMap { $0 == "yes" ? true : $0 == "no" ? false : nil }) }
            return "<section class=\"checklist\"><h2>\(group.label)</h2>\(items)</section>"
        }
        let path = SiteRoute.secondObservation(programme: programme.id, number: String(session.number)).path
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.programmes.path)">Programmes</a> › <a href="\(SiteRoute.programme(programme.id).path)">\(programme.name)</a> › Session \(session.number)</p>
        <h1>Second observation of session \(session.number)</h1>
        <p class="lede">Record what you saw yourself, without looking at the session's log. Attune compares the two to show whether observers agree; your record changes no rating.</p>
        \(FormField.errorSummary(problems))
        <form method="post" action="\(path)" class="session-log" novalidate>
        \(context.csrfField)
        <section class="card">\(FormField.text("observer_name", label: "Second observer", value: values["observer_name"], error: problems["observer_name"], hint: "Each observer once per session; saving again replaces your record."))
        \(FormField.error(problems["checks"], id: "field-checks"))\(problems["session_id"].map { FormField.error($0, id: "field-session_id") } ?? "")</section>
        <div class="checklists" id="field-checks">\(checklists)</div>
        <div class="actions"><button type="submit" class="button">Save the second observation</button> <a href="\(SiteRoute.programme(programme.id).path)">Cancel</a></div>
        </form>
        """
    }
}
