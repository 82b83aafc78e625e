import AttuneCore
import AttuneHTML
import AttuneStore

/// The administrator's facilitators: the list with the form to add one, and one facilitator's form.
enum FacilitatorsPage {
    static func list(context: PageContext, facilitators: ListSlice<FacilitatorStore.Listed>, query: ListQuery, values: [String: String],
                     problems: [String: String]) -> SafeHTML {
        let rows = facilitators.items.map { listed -> SafeHTML in
            let facilitator = listed.facilitator
            return """
            <tr><th scope="row"><a href="\(SiteRoute.facilitator(facilitator.id).path)">\(facilitator.id)</a></th><td>\(facilitator.name)</td><td>\(RecordForm.word(facilitator.role.rawValue))</td><td>\(trainingBodyLabel(facilitator.trainingBody))\(facilitator.trainingDays.map { ", \($0) days" } ?? "")\(facilitator.trainedOn.map { ", \($0)" } ?? "")</td><td>\(listed.centres.isEmpty ? "–" : listed.centres.joined(separator: ", "))</td><td>\(listed.account ?? "–")</td></tr>
            """
        }
        return """
        <h1>Facilitators</h1>
        <p class="lede">The practitioners who run sessions. A centre's session logs offer those assigned to it here, and anyone who has led, attended or invited for its programmes.</p>
        \(Pager.findForm(path: SiteRoute.facilitators.path, query: query, label: "Find a facilitator by code or name"))
        <div class="table-wrap" role="region" aria-labelledby="facilitators-caption" tabindex="0"><table class="data">
        <caption id="facilitators-caption">\(NumberText.grouped(facilitators.total)) facilitator\(facilitators.total == 1 ? "" : "s")\(query.find.isEmpty ? "" : " with “\(query.find)” in the code or name")\(facilitators.pages > 1 ? ", \(ListSlice<FacilitatorStore.Listed>.size) a page" : "")</caption>
        <thead><tr><th scope="col">Code</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Training</th><th scope="col">Centres assigned</th><th scope="col">Signs in as</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        \(Pager.links(facilitators, query: query, path: SiteRoute.facilitators.path, label: "Pages of facilitators"))
        <section aria-labelledby="add-facilitator-title" class="card"><h2 id="add-facilitator-title">Add a facilitator</h2>
        \(FormField.errorSummary(problems, saved: "The facilitator was not added"))
        <form method="post" action="\(SiteRoute.facilitators.path)" novalidate>
        \(context.csrfField)
        \(RecordForm.fields(EvidenceRecords.facilitator, FacilitatorsController.fields, values: values, problems: problems))
        \(centresField(values["centres"], error: problems["centres"]))
        \(accountField(values["account"], error: problems["account"]))
        <div class="actions"><button type="submit" class="button">Add the facilitator</button></div>
        </form></section>
        """
    }

    static func edit(context: PageContext, listed: FacilitatorStore.Listed, values: [String: String], problems: [String: String]) -> SafeHTML {
        let facilitator = listed.facilitator
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.facilitators.path)">Facilitators</a> › \(facilitator.id)</p>
        <h1>\(facilitator.name) <span class="muted">(\(facilitator.id))</span></h1>
        \(FormField.errorSummary(problems))
        <form method="post" action="\(SiteRoute.facilitator(facilitator.id).path)" class="card" novalidate>
        \(context.csrfField)
        \(RecordForm.fields(EvidenceRecords.facilitator, FacilitatorsController.fields, values: values, problems: problems, locked: ["id"]))
        \(centresField(values["centres"], error: problems["centres"]))
        \(accountField(values["account"], error: problems["account"]))
        <div class="actions"><button type="submit" class="button">Save</button> <a href="\(SiteRoute.facilitators.path)">Cancel</a></div>
        </form>
        """
    }

    private static func accountField(_ value: String?, error: String?) -> SafeHTML {
        FormField.text("account", label: "The username she signs in with", value: value, error: error,
                       extra: " autocomplete=\"off\" autocapitalize=\"none\"", hint: "If she has an Attune account; empty if not")
    }

    private static func centresField(_ value: String?, error: String?) -> SafeHTML {
        FormField.text("centres", label: "Centres they work in", value: value, error: error,
                       extra: " autocomplete=\"off\" autocapitalize=\"characters\"", hint: "Centre codes, separated by commas")
    }

    /// The training body as the form offers it (the definition's labels).
    private static func trainingBodyLabel(_ body: TrainingBody) -> String {
        EvidenceRecords.facilitator.fields.first { $0.name == "training_body" }?.choiceLabels[body.rawValue] ?? RecordForm.word(body.rawValue)
    }
}
