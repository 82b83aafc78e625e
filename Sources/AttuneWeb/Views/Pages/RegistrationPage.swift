import AttuneCore
import AttuneHTML
import AttuneStore

/// Correcting a mother's registration, and finding a mother by name.
enum RegistrationPage {
    static func correct(context: PageContext, dyad: Dyad, values: [String: String], problems: [String: String],
                        history: [StoredChange]) -> SafeHTML {
        """
        <p class="breadcrumb"><a href="\(SiteRoute.dyads.path)">Mothers and babies</a> › <a href="\(SiteRoute.dyad(dyad.id).path)">\(dyad.motherName ?? dyad.id)</a> › Registration</p>
        <h1>Correct \(dyad.motherName ?? dyad.id)'s registration</h1>
        <p class="lede">What you change is kept beside the old value, with your name and your reason.</p>
        \(FormField.errorSummary(problems, saved: "The registration was not changed"))
        <form method="post" action="\(SiteRoute.dyadRegistration(dyad.id).path)" class="card" novalidate>
        \(context.csrfField)
        \(RecordForm.fields(EvidenceRecords.dyad, RegistrationController.fields, values: values, problems: problems, required: EnrolmentController.needed))
        \(FormField.textarea("correction_reason", label: "Why it is corrected", value: values["correction_reason"], error: problems["correction_reason"]))
        <div class="actions"><button type="submit" class="button">Save the correction</button> <a href="\(SiteRoute.dyad(dyad.id).path)">Cancel</a></div>
        </form>
        \(SessionLogPage.history(history, clock: .london))
        """
    }

    static func deletion(context: PageContext, dyad: Dyad, measure: RecordedMeasure, values: [String: String],
                         problems: [String: String]) -> SafeHTML {
        let summary = (try? measure.score().summary) ?? measure.instrument.name
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.dyads.path)">Mothers and babies</a> › <a href="\(SiteRoute.dyad(dyad.id).path)">\(dyad.motherName ?? dyad.id)</a> › Delete a measure</p>
        <h1>Delete the \(measure.instrument.name) of \(measure.date.description)?</h1>
        <p class="lede">\(measure.timepoint.phrase.prefix(1).uppercased() + measure.timepoint.phrase.dropFirst()), by \(measure.administeredBy): \(summary).</p>
        <p>Deleted, it no longer counts towards her need or the programme's outcomes. What it was, who deleted it, when and why are kept with her record. To correct its scores, stage or date, <a href=\"\(SiteRoute.measureCorrection(dyad: dyad.id, measure: measure.id).path)\">correct it</a> instead.</p>
        \(FormField.errorSummary(problems, saved: "The measure was not deleted"))
        <form method="post" action="\(SiteRoute.measureDeletion(dyad: dyad.id, measure: measure.id).path)" class="card" novalidate>
        \(context.csrfField)
        \(FormField.textarea("reason", label: "Why it is deleted", value: values["reason"], error: problems["reason"]))
        <div class="actions"><button type="submit" class="button danger">Delete the measure</button> <a href="\(SiteRoute.dyad(dyad.id).path)">Cancel</a></div>
        </form>
        """
    }

    /// Her measure as kept, in its entry form, to be corrected with a reason; its earlier corrections below.
    static func measureCorrection(context: PageContext, dyad: Dyad, measure: RecordedMeasure, wording: MeasureWording?,
                                  values: [String: String], problems: [String: String], history: [StoredChange]) -> SafeHTML {
        let summary = (try? measure.score().summary) ?? measure.instrument.name
        let isEPDS = measure.instrument == .epds
        let fields = isEPDS ? DyadPage.epdsFields(wording: wording, values: values, problems: problems)
            : DyadPage.otherFields(instruments: [measure.instrument], values: values, problems: problems)
        let keyed: SafeHTML = isEPDS && DyadPage.keyedByOption(wording) ? "<input type=\"hidden\" name=\"keyed\" value=\"options\">" : ""
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.dyads.path)">Mothers and babies</a> › <a href="\(SiteRoute.dyad(dyad.id).path)">\(dyad.motherName ?? dyad.id)</a> › Correct a measure</p>
        <h1>Correct the \(measure.instrument.name) of \(measure.date.description)</h1>
        <p class="lede">Kept now: \(measure.timepoint.phrase), by \(measure.administeredBy): \(summary).</p>
        <p>What you change is kept beside the old scores, with your name and your reason. A safeguarding alert it raised stays open until it is closed; corrected scores that call for one raise it now.</p>
        \(FormField.errorSummary(problems, saved: "The measure was not changed", prefix: isEPDS ? "epds-" : "other-"))
        <form method="post" action="\(SiteRoute.measureCorrection(dyad: dyad.id, measure: measure.id).path)" class="card measure-form" novalidate>
        \(context.csrfField)\(keyed)
        \(fields)
        \(FormField.textarea("reason", label: "Why it is corrected", value: values["reason"], error: problems["reason"], prefix: isEPDS ? "epds-" : "other-"))
        <div class="actions"><button type="submit" class="button">Save the correction</button> <a href="\(SiteRoute.dyad(dyad.id).path)">Cancel</a></div>
        </form>
        \(SessionLogPage.history(history, clock: .london))
        """
    }

    /// `shortest`: the fewest letters searched for (three when the search covers every centre).
    /// `found`: nil when nothing was searched for.
    static func search(typed: String, found: DyadStore.Found?, shortest: Int = 2) -> SafeHTML {
        let results: SafeHTML
        if let found, !found.dyads.isEmpty {
            let items = found.dyads.sorted { ($0.motherName ?? $0.id) < ($1.motherName ?? $1.id) }.map { dyad -> SafeHTML in
                "<li><a href=\"\(SiteRoute.dyad(dyad.id).path)\">\(EnrolmentPages.mother(dyad))</a> <span class=\"muted\">\(dyad.id)</span></li>"
            }
            let count: SafeHTML = found.more
                ? "<p>More than \(found.dyads.count) mothers have “\(typed)” in a name; \(found.dyads.count) are shown. Type more of her name to find her.</p>"
                : "<p>\(found.dyads.count) found.</p>"
            results = "\(count)<ul class=\"plain\">\(items)</ul>"
        } else if found != nil {
            results = "<p>No mother or baby of your centres has a name with “\(typed)” in it.</p>"
        } else if typed.isEmpty {
            results = ""
        } else {
            let letters = [2: "two", 3: "three"][shortest] ?? String(shortest)
            results = "<p>Type at least \(letters) letters of her name or her baby's\(shortest > 2 ? ": the search covers every centre" : "").</p>"
        }
        return """
        <h1>Mothers and babies</h1>
        <form method="get" action="\(SiteRoute.dyads.path)" class="card search" role="search">
        \(FormField.text("name", label: "Her name or her baby's", value: typed, extra: " autocomplete=\"off\""))
        <div class="actions"><button type="submit" class="button">Find</button></div>
        </form>
        \(results)
        """
    }
}
