import AttuneCore
import AttuneHTML

/// A new excerpt: where it comes from, who said it, its text, and the mechanisms it bears on.
enum ExcerptPage {
    static func main(context: PageContext, programme: Programme, values: [String: String], problems: [String: String]) -> SafeHTML {
        let definition = EvidenceRecords.excerpt
        func choices(_ field: String, _ prompt: String) -> [(value: String, label: String)] {
            guard let field = definition.fields.first(where: { $0.name == field }), case .choice(let words) = field.kind else { return [] }
            return [("", prompt)] + words.map { ($0, field.choiceLabels[$0] ?? $0) }
        }
        let codes = MechanismCatalogue.all.map { mechanism -> SafeHTML in
            FormField.radios("code-\(mechanism.id)", label: "\(mechanism.id) \(mechanism.shortName)",
                             options: [("", "Not coded"), ("supports", "Supports"), ("contradicts", "Contradicts")],
                             selected: values["code-\(mechanism.id)"] ?? "")
        }
        let path = SiteRoute.newExcerpt(programme: programme.id).path
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.programmes.path)">Programmes</a> › <a href="\(SiteRoute.programme(programme.id).path)">\(programme.name)</a> › An excerpt</p>
        <h1>What was said about \(programme.name)</h1>
        <p class="lede">A quotation or an observation note, coded to the mechanisms it bears on. It is free text: evaluators never see it, and it is exported only once you mark it de-identified.</p>
        \(FormField.errorSummary(problems))
        <form method="post" action="\(path)" class="session-log" novalidate>
        \(context.csrfField)
        <section class="card"><div class="grid">
        \(FormField.select("source", label: "Source", options: choices("source", "Choose the source"), selected: values["source"], error: problems["source"]))
        \(FormField.select("speaker_role", label: "Who said or noted it", options: choices("speaker_role", "Choose who"), selected: values["speaker_role"], error: problems["speaker_role"]))
        \(FormField.text("date", label: "Date", value: values["date"], error: problems["date"], type: "date", hint: "YYYY-MM-DD"))
        </div>
        \(FormField.textarea("text", label: "What was said or noted", value: values["text"], error: problems["text"]))
        </section>
        <section class="card checklist" id="field-codes"><h2>Mechanisms it bears on</h2>
        <p class="muted">At least one. Supports: it shows the mechanism was delivered. Contradicts: it shows it was not.</p>
        \(FormField.error(problems["codes"], id: "field-codes"))\(codes)</section>
        <section class="card">\(FormField.textarea("memo", label: "Memo (your note as coder)", value: values["memo"], error: problems["memo"]))
        \(FormField.checkbox("deidentified", label: "De-identified: the text names and identifies nobody", checked: values["deidentified"] == "true"))</section>
        <div class="actions"><button type="submit" class="button">Save the excerpt</button> <a href="\(SiteRoute.programme(programme.id).path)">Cancel</a></div>
        </form>
        """
    }
}
