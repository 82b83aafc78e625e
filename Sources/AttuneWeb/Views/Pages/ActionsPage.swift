import AttuneCore
import AttuneHTML
import Foundation

/// The suggestions for the user's programmes, each to adopt or decline, and the action plan.
enum ActionsPage {
    /// A refused form: its key (`ActionsController.key`, or a plan's id), what was typed, and the problems.
    typealias Refused = (key: String, values: [String: String], problems: [String: String])

    /// - Parameter chooser: for more programmes than one page evaluates, the centres to choose
    ///   from for their suggestions (none are worked out until one is chosen).
    static func main(context: PageContext, suggestions: [SuggestedAction], plans: [ActionPlan], cycles: [AuditCycle], chooser: SafeHTML? = nil,
                     refused: Refused?) -> SafeHTML {
        let today = CalendarDate.today(at: context.now)
        let canPlan = context.can(.planActions)
        let suggestionItems = suggestions.map { suggestion -> SafeHTML in
            let key = ActionsController.key(suggestion)
            let mine = refused?.key == key ? refused : nil
            let values = mine?.values ?? [:], problems = mine?.problems ?? [:]
            let forms: SafeHTML = canPlan ? """
            <details\(mine == nil ? "" : SafeHTML(" open"))><summary>Adopt or decline</summary>
            \(FormField.errorSummary(problems, prefix: key + "-"))
            <form method="post" action="\(SiteRoute.actionDecision.path)" class="inline-form">\(context.csrfField)
            <input type="hidden" name="programme" value="\(suggestion.programmeId)"><input type="hidden" name="rule" value="\(suggestion.ruleId)"><input type="hidden" name="decision" value="adopt">
            \(FormField.textarea("action", label: "What will be done", value: values["action"] ?? suggestion.action, error: problems["action"], prefix: key + "-"))
            <div class="grid">\(FormField.text("owner", label: "Owner", value: values["owner"] ?? context.user?.displayName, error: problems["owner"], prefix: key + "-"))
            \(FormField.text("due_date", label: "Due", value: values["due_date"] ?? today.adding(days: 28).description, error: problems["due_date"], type: "date", hint: "YYYY-MM-DD", prefix: key + "-"))</div>
            <div class="actions"><button type="submit" class="button">Adopt</button></div></form>
            <form method="post" action="\(SiteRoute.actionDecision.path)" class="inline-form">\(context.csrfField)
            <input type="hidden" name="programme" value="\(suggestion.programmeId)"><input type="hidden" name="rule" value="\(suggestion.ruleId)"><input type="hidden" name="decision" value="decline">
            \(FormField.text("reason", label: "Or decline it, saying why", value: values["reason"], error: problems["reason"], prefix: key + "-"))
            <div class="actions"><button type="submit" class="button secondary">Decline</button></div></form></details>
            """ : ""
            return """
            <li class="suggestion" id="suggestion-\(key)"><p><strong><a href="\(SiteRoute.programme(suggestion.programmeId).path)">\(suggestion.programmeId)</a>: \(suggestion.action)</strong></p>
            <p class="muted">Gap: \(suggestion.gapText). Why: \(suggestion.why)</p>\(forms)</li>
            """
        }
        let planRows = plans.map { plan -> SafeHTML in
            let outcome = plan.outcome(cycles: cycles)
            let moved: SafeHTML = outcome.map { "<span class=\"flag-low \($0.anyMoved ? "rating-yes" : "rating-na")\">\($0.anyMoved ? "Moved" : "Not moved")</span> \($0.words)" }
                ?? (plan.status == .declined || plan.ratingsAtAdoption.isEmpty ? "–" : "Shown once a cycle closes after it was adopted")
            let mine = refused?.key == plan.id ? refused : nil
            let statusForm: SafeHTML = canPlan && plan.status.isOpen ? """
            <form method="post" action="\(SiteRoute.actionPlan(plan.id).path)" class="inline-form">\(context.csrfField)
            \(FormField.select("status", label: "Change to", options: [ActionPlan.Status.adopted, .inProgress, .done].map { ($0.rawValue, $0.label) }, selected: plan.status.rawValue, error: mine?.problems["status"], prefix: plan.id + "-"))
            <button type="submit" class="button small">Save</button></form>
            """ : "\(plan.status.label)"
            let who: String = plan.status == .declined ? "Declined: \(plan.reason ?? "")" : "\(plan.owner ?? "–"), due \(plan.dueDate?.description ?? "–")"
            return "<tr id=\"plan-\(plan.id)\"><th scope=\"row\"><a href=\"\(SiteRoute.programme(plan.programmeId).path)\">\(plan.programmeId)</a></th><td data-label=\"Action\" class=\"prose\">\(plan.action)<br><span class=\"muted\">Gap: \(plan.gapText)</span></td><td data-label=\"Owner\">\(who)</td><td data-label=\"Status\">\(statusForm)</td><td data-label=\"Ratings since\" class=\"prose\">\(moved)</td></tr>"
        }
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.evaluation.path)">Evaluation</a> › Action plan</p>
        <h1>From a gap to an action</h1>
        <p class="lede">Each gap in your programmes (a mechanism rated no or variable, a missed opportunity, inverse care, what people said pointing away from a rating, observers who disagree) suggests an action drawn from the study's findings. Adopt it, with your own words, an owner and a due date, or decline it; when the next <a href="\(SiteRoute.cycles.path)">audit cycle</a> closes, each adopted action shows whether its ratings moved.</p>
        <section class="card" aria-labelledby="plan-title"><h2 id="plan-title">The action plan (\(plans.count))</h2>
        \(plans.isEmpty ? SafeHTML("<p>No suggestion is adopted or declined yet.</p>") : SafeHTML("""
        <div class="table-wrap" role="region" aria-labelledby="plan-title" tabindex="0"><table class="stacked"><thead><tr><th scope="col">Programme</th><th scope="col">Action</th><th scope="col">Owner</th><th scope="col">Status</th><th scope="col">Did it move?</th></tr></thead><tbody>\(planRows)</tbody></table></div>
        """))</section>
        <section class="card" aria-labelledby="suggested-title"><h2 id="suggested-title">Suggested (\(suggestions.count))</h2>
        \(chooser.map { SafeHTML("<p>Your programmes are too many to work out every suggestion on one page: choose a centre. <code>attune actions</code> lists them all.</p>\($0)") }
            ?? (suggestions.isEmpty ? SafeHTML("<p>No gap is waiting for a decision.</p>") : "<ul class=\"plain-list suggestions\">\(suggestionItems)</ul>"))</section>
        """
    }
}
