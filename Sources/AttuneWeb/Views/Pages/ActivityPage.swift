import AttuneCore
import AttuneHTML
import AttuneStore
import Foundation

/// The activity log's search page, for administrators.
enum ActivityPage {
    struct Filters {
        var user: String?
        var dyad: String?
        var action: ActivityAction?
        var since: String?

        /// The filters as an address's query, for the link to the next page.
        func query(before: Int) -> String {
            var items = [URLQueryItem(name: "before", value: String(before))]
            if let user { items.append(URLQueryItem(name: "user", value: user)) }
            if let dyad { items.append(URLQueryItem(name: "dyad", value: dyad)) }
            if let action { items.append(URLQueryItem(name: "action", value: action.rawValue)) }
            if let since { items.append(URLQueryItem(name: "since", value: since)) }
            var components = URLComponents()
            components.queryItems = items
            return components.percentEncodedQuery ?? ""
        }
    }

    static func main(filters: Filters, problems: [String: String], entries: [ActivityEntry], next: Int?) -> SafeHTML {
        let actions = [(value: "", label: "Any action")] + ActivityAction.allCases.map { (value: $0.rawValue, label: $0.rawValue) }
        let results: SafeHTML = entries.isEmpty
            ? (problems.isEmpty ? "<p>No entries match.</p>" : "")
            : ActivityTable.table(entries, caption: "Entries, the newest first", id: "activity-caption", showingDetails: true)
        let more: SafeHTML = next.map { SafeHTML("<p><a href=\"\(SiteRoute.activity.path)?\(filters.query(before: $0))\">Older entries</a></p>") } ?? ""
        return """
        <h1>Activity log</h1>
        <p>Every sign-in, view of a mother's record, change, export and erasure, with who, when and from where. \
        Entries cannot be changed or removed; <code>attune activity verify</code> checks that none was. \
        <a href="\(SiteRoute.retention.path)">Records due for review</a> lists those kept longer than the retention period.</p>
        \(FormField.errorSummary(problems, saved: "Nothing was searched"))
        <form method="get" action="\(SiteRoute.activity.path)" class="card search filters" role="search">
        \(FormField.text("user", label: "User (username)", value: filters.user, extra: " autocomplete=\"off\""))
        \(FormField.text("dyad", label: "Mother and baby (code)", value: filters.dyad, extra: " autocomplete=\"off\""))
        \(FormField.select("action", label: "Action", options: actions, selected: filters.action?.rawValue ?? ""))
        \(FormField.text("since", label: "From (YYYY-MM-DD)", value: filters.since, error: problems["since"], type: "date"))
        <div class="actions"><button type="submit" class="button">Search</button></div>
        </form>
        \(results)\(more)
        """
    }
}
