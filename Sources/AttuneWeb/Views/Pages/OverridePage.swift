import AttuneCore
import AttuneHTML

/// Replacing one derived rating with an observer's written judgement: the derived rating and
/// its reasons first, then the form.
enum OverridePage {
    static func main(context: PageContext, programme: Programme, assessment: MechanismAssessment, values: [String: String],
                     problems: [String: String]) -> SafeHTML {
        let mechanism = assessment.mechanism
        let path = SiteRoute.override(programme: programme.id, mechanism: mechanism.id.description).path
        let ratings = Rating.allCases.filter { mechanism.scale.allows($0) }
        let chosen = values["rating"] ?? assessment.override?.rating.rawValue
        let radios = ratings.map { rating -> SafeHTML in
            "<label class=\"choice\"><input type=\"radio\" name=\"rating\" value=\"\(rating.rawValue)\"\(chosen == rating.rawValue ? SafeHTML(" checked") : "")> \(rating.label)</label>"
        }
        let current: SafeHTML = assessment.override.map {
            """
            <div class="note" role="note"><p><strong>Overridden to \($0.rating.label.lowercased())</strong> by \($0.observer)\($0.date.map { " on \($0)" } ?? ""): \($0.rationale)</p>
            <form method="post" action="\(path)" class="inline-form">\(context.csrfField)<input type="hidden" name="action" value="remove"><button type="submit" class="button secondary small">Remove the override</button></form></div>
            """
        } ?? ""
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.programmes.path)">Programmes</a> › <a href="\(SiteRoute.programme(programme.id).path)">\(programme.name)</a> › \(mechanism.id.description)</p>
        <h1>\(mechanism.id.description) \(mechanism.shortName)</h1>
        <section class="card"><h2>Derived from the records: \(assessment.derived.rating.label.lowercased())</h2>
        <p>\(assessment.derived.explanation).</p><p class="muted">\(mechanism.definition)</p></section>
        \(current)
        \(FormField.errorSummary(problems, saved: "The rating was not overridden"))
        <form method="post" action="\(path)" class="card" novalidate>
        \(context.csrfField)
        <h2>Your judgement as an observer</h2>
        <p class="muted">Both ratings stay shown: yours, with your name and reason, beside the one derived from the records.</p>
        <fieldset class="field boxes\(problems["rating"] == nil ? "" : " has-error")" id="field-rating"><legend>Rating</legend>\(FormField.error(problems["rating"], id: "field-rating"))\(radios)</fieldset>
        \(FormField.textarea("rationale", label: "Why (at least 10 characters)", value: values["rationale"], error: problems["rationale"]))
        <div class="actions"><button type="submit" class="button">Override the rating</button> <a href="\(SiteRoute.programme(programme.id).path)">Cancel</a></div>
        </form>
        """
    }
}
