import AttuneCore
import AttuneHTML
import AttuneStore

/// The administrator's centres: the list with the form to add one, and one centre's form.
enum CentresPage {
    static func list(context: PageContext, centres: ListSlice<CentreStore.Listed>, query: ListQuery, values: [String: String],
                     problems: [String: String]) -> SafeHTML {
        let rows = centres.items.map { listed -> SafeHTML in
            let centre = listed.centre
            return """
            <tr><th scope="row"><a href="\(SiteRoute.centre(centre.id).path)">\(centre.id)</a></th><td>\(centre.name)</td><td>\(centre.area ?? "–")</td><td class="number">\(centre.deprivationDecile.map(String.init) ?? "–")</td><td class="number">\(listed.programmes)</td></tr>
            """
        }
        return """
        <h1>Centres</h1>
        <p class="lede">The centres that run programmes. Each user works in the centres their account names (Users); a programme belongs to one centre.</p>
        \(Pager.findForm(path: SiteRoute.centres.path, query: query, label: "Find a centre by code or name"))
        <div class="table-wrap" role="region" aria-labelledby="centres-caption" tabindex="0"><table class="data">
        <caption id="centres-caption">\(NumberText.grouped(centres.total)) centre\(centres.total == 1 ? "" : "s")\(query.find.isEmpty ? "" : " with “\(query.find)” in the code or name")\(centres.pages > 1 ? ", \(ListSlice<CentreStore.Listed>.size) a page" : "")</caption>
        <thead><tr><th scope="col">Code</th><th scope="col">Name</th><th scope="col">Area</th><th scope="col">Deprivation decile</th><th scope="col">Programmes</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        \(Pager.links(centres, query: query, path: SiteRoute.centres.path, label: "Pages of centres"))
        <section aria-labelledby="add-centre-title" class="card"><h2 id="add-centre-title">Add a centre</h2>
        \(FormField.errorSummary(problems, saved: "The centre was not added"))
        <form method="post" action="\(SiteRoute.centres.path)" novalidate>
        \(context.csrfField)
        \(RecordForm.fields(EvidenceRecords.centre, CentresController.fields, values: values, problems: problems))
        <div class="actions"><button type="submit" class="button">Add the centre</button></div>
        </form></section>
        """
    }

    static func edit(context: PageContext, centre: Centre, values: [String: String], problems: [String: String]) -> SafeHTML {
        """
        <p class="breadcrumb"><a href="\(SiteRoute.centres.path)">Centres</a> › \(centre.id)</p>
        <h1>\(centre.name) <span class="muted">(\(centre.id))</span></h1>
        \(FormField.errorSummary(problems))
        <form method="post" action="\(SiteRoute.centre(centre.id).path)" class="card" novalidate>
        \(context.csrfField)
        \(RecordForm.fields(EvidenceRecords.centre, CentresController.fields, values: values, problems: problems, locked: ["id"]))
        <div class="actions"><button type="submit" class="button">Save</button> <a href="\(SiteRoute.centres.path)">Cancel</a></div>
        </form>
        """
    }
}
