import AttuneCore
import AttuneHTML
import AttuneStore
import Foundation

/// The confirmation before erasing a mother's record: what goes, what stays.
enum ErasurePage {
    static func main(context: PageContext, code: String, preview: Erasure.Removed, erasedAt: Date?, values: [String: String],
                     problems: [String: String]) -> SafeHTML {
        let crumbs: SafeHTML = "<p class=\"breadcrumb\"><a href=\"\(SiteRoute.dyads.path)\">Mothers and babies</a> › <a href=\"\(SiteRoute.dyad(code).path)\">\(code)</a> › Erase</p>"
        if let erasedAt {
            return "\(crumbs)<h1>\(code)'s record is erased</h1><p>It was erased on \(LocalClock.london.stamp(erasedAt)).</p>"
        }
        return """
        \(crumbs)
        <h1>Erase \(code)'s record?</h1>
        <p class="lede">Erasure cannot be undone. Use it when she asks for her record to be erased and your data protection officer agrees.</p>
        \(preview.refusal.map { SafeHTML("<p class=\"notice\" role=\"alert\">Not yet: \($0) on <a href=\"\(SiteRoute.dyad(code).path)\">her page</a>.</p>") } ?? "")
        <div class="two-columns">
        <section class="card" aria-labelledby="goes-title"><h2 id="goes-title">What goes</h2><ul>
        <li>Her and her baby's names, the baby's date of birth, her age</li>
        <li>Her phone, email and postal address, and who recorded her consents</li>
        <li>\(preview.measures) measure\(preview.measures == 1 ? " with its scores" : "s with their scores"), and \(preview.alerts) closed safeguarding alert\(preview.alerts == 1 ? "" : "s")</li>
        <li>\(preview.reminders) reminder\(preview.reminders == 1 ? "" : "s") and \(preview.followUps) follow-up\(preview.followUps == 1 ? "" : "s")</li>
        <li>Reasons she gave for absences or for declining</li>
        <li>The old and new values in \(preview.logDetails) activity-log entr\(preview.logDetails == 1 ? "y" : "ies") about her</li>
        </ul></section>
        <section class="card" aria-labelledby="stays-title"><h2 id="stays-title">What stays</h2><ul>
        <li>Her code, \(code), so the programmes' counts still add up</li>
        <li>How she was invited, what she answered, and her attendance marks</li>
        <li>How many social risk factors she has (counted, never named)</li>
        <li>Every activity-log entry, and one recording this erasure and its reason</li>
        </ul>
        <p>Her consents to contact and to research become no: she is in no research export and gets no reminder.</p></section>
        </div>
        \(FormField.errorSummary(problems, saved: "Nothing was erased"))
        <form method="post" action="\(SiteRoute.dyadErasure(code).path)" class="card" novalidate>
        \(context.csrfField)
        \(FormField.textarea("reason", label: "Why her record is erased (her request and its date, say; not her name)", value: values["reason"], error: problems["reason"]))
        \(FormField.text("confirm", label: "Type her code, \(code), to confirm", value: values["confirm"], error: problems["confirm"], extra: " autocomplete=\"off\""))
        <div class="actions"><button type="submit" class="button danger">Erase her record</button> <a href="\(SiteRoute.dyad(code).path)">Cancel</a></div>
        </form>
        """
    }
}

/// Everything held about one mother and her baby, as a page to print and give her.
enum SubjectAccessPage {
    static func main(_ access: SubjectAccess, context: PageContext) -> SafeHTML {
        let clock = LocalClock.london
        let dyad = access.dyad
        func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "not recorded" }
        let details: [(String, String?)] = [
            ("Code", dyad.id), ("Mother", dyad.motherName), ("Her age", dyad.motherAgeYears.map { "\($0)" }), ("Baby", dyad.infantName),
            ("Baby's date of birth", dyad.infantDateOfBirth?.description), ("Phone", dyad.phone), ("Email", dyad.email),
            ("Postal address", dyad.postalAddress), ("Reminders by", dyad.reminderChannel.label),
            ("Social risk factors", dyad.socialRiskFactors.isEmpty ? "none recorded" : dyad.socialRiskFactors.map { RecordForm.word($0.rawValue) }.joined(separator: ", ")),
            ("Consent to records", yesNo(dyad.consentToRecords) + (dyad.consentDate.map { ", \($0)" } ?? "")),
            ("Consent to contact", yesNo(dyad.consentToContact) + (dyad.contactConsentDate.map { ", \($0)" } ?? "")),
            ("Consent to research", yesNo(dyad.consentToResearch) + (dyad.researchConsentDate.map { ", \($0)" } ?? "")),
        ]
        let rows = details.compactMap { label, value -> SafeHTML? in value.map { "<dt>\(label)</dt><dd>\($0)</dd>" } }
        /// `prose`: the columns that may hold a sentence, kept wide on a phone (by column, never by
        /// the text's length: what a user typed must not change the markup).
        func table(_ id: String, _ title: String, _ headings: [String], _ cells: [[String]], prose: Set<Int> = []) -> SafeHTML {
            let head = headings.map { heading -> SafeHTML in "<th scope=\"col\">\(heading)</th>" }
            let body = cells.map { row -> SafeHTML in
                "<tr>\(row.enumerated().map { index, cell -> SafeHTML in prose.contains(index) ? "<td class=\"prose\">\(cell)</td>" : "<td>\(cell)</td>" })</tr>"
            }
            let content: SafeHTML = cells.isEmpty ? "<p>None.</p>" : """
                <div class="table-wrap" role="region" aria-labelledby="\(id)" tabindex="0"><table class="data"><caption id="\(id)" class="visually-hidden">\(title)</caption>
                <thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table></div>
                """
            return "<section class=\"card\" aria-labelledby=\"\(id)-title\"><h2 id=\"\(id)-title\">\(title)</h2>\(content)</section>"
        }
        return """
        <p class="breadcrumb no-print"><a href="\(SiteRoute.dyad(dyad.id).path)">\(dyad.id)</a> › Everything held</p>
        <h1>Everything Attune holds about \(dyad.motherName ?? dyad.id) and her baby</h1>
        <p class="lede">As held on \(clock.stamp(access.generatedAt)). <a class="no-print" href="\(SiteRoute.dyadRecordJSON(dyad.id).path)">Download it as JSON</a></p>
        <section class="card" aria-labelledby="registration-title"><h2 id="registration-title">Registration and consents</h2><dl class="details">\(rows)</dl></section>
        \(table("invitations", "Invitations", ["Programme", "Invited", "How", "Answer", "Reason"],
                access.invitations.map { [$0.programmeId, $0.date?.description ?? "", $0.mode.words, $0.status.rawValue, $0.closedReason ?? ""] }, prose: [4]))
        \(table("attendance", "Attendance", ["Session", "Mark", "Reason"], access.attendance.map { [$0.sessionId, $0.status.rawValue, $0.absenceReason ?? ""] }, prose: [2]))
        \(table("measures", "Measures", ["Measure", "Stage", "Date", "By", "Scores"],
                access.measures.map { [$0.measure.instrument.name, $0.measure.timepoint.phrase, $0.measure.date.description, $0.measure.administeredBy, $0.scores] }, prose: [4]))
        \(table("alerts", "Safeguarding alerts", ["Raised", "Why", "Closed", "Action taken"],
                access.alerts.map { [clock.stamp($0.raisedAt), $0.reason, $0.closedAt.map(clock.stamp) ?? "open", $0.actionTaken ?? ""] }, prose: [1, 3]))
        \(table("follow-ups", "Follow-ups", ["When", "By", "What was done"], access.followUps.map { [clock.stamp($0.recordedAt), $0.recordedBy, $0.action] }, prose: [2]))
        \(table("reminders", "Reminders", ["Due", "Session", "Channel", "Status"],
                access.reminders.map { [clock.stamp($0.dueAt), $0.sessionId, $0.channel.label, $0.status.rawValue] }))
        \(table("corrections", "Corrections of her records", ["When", "By", "Field", "Was", "Became", "Why"],
                access.corrections.map { [clock.stamp($0.at), $0.by, $0.field, $0.old, $0.new, $0.reason] }, prose: [5]))
        <section class="card" aria-labelledby="activity-title"><h2 id="activity-title">Who viewed, changed or gave out her record</h2>
        \(access.activity.isEmpty ? "<p>None.</p>" : ActivityTable.table(access.activity, caption: "The activity log about her, the latest first",
                                                                         id: "activity-caption", showingDetails: false))</section>
        """
    }
}
