import AttuneCore
import AttuneStore
import AttuneHTML

/// Entries of the activity log as a table: on a mother's page (who viewed or changed her record)
/// and on the administrator's activity page. Details (old and new values, reasons) are shown
/// only where `showingDetails`: they may hold free text. On a phone each entry is a block of
/// labelled lines rather than a row to scroll sideways.
enum ActivityTable {
    static func table(_ entries: [ActivityEntry], caption: String, id: String, showingDetails: Bool) -> SafeHTML {
        let clock = LocalClock.london
        let rows = entries.map { entry -> SafeHTML in
            let record = [entry.recordKind, entry.recordCode].compactMap { $0 }.joined(separator: " ")
            var details: SafeHTML = ""
            if showingDetails, let held = entry.details {
                let changes = held.changes.map { change -> SafeHTML in "<li>\(change.label): \(change.old) → \(change.new)</li>" }
                details = "\(held.reason.map { SafeHTML("<p>Reason: \($0)</p>") } ?? "")\(changes.isEmpty ? "" : SafeHTML("<ul>\(changes)</ul>"))"
            } else if showingDetails, entry.action == .change {
                details = "<p class=\"muted\">Details erased</p>"
            }
            return """
            <tr><td data-label="When">\(clock.stamp(entry.at))</td>\
            <td data-label="Who">\(entry.actor)\(entry.address.map { SafeHTML(" <span class=\"muted\">\($0)</span>") } ?? "")</td>\
            <td data-label="Action">\(entry.action.rawValue)</td><td data-label="Record">\(record)</td><td data-label="What">\(entry.summary)\(details)</td></tr>
            """
        }
        return """
        <div class="table-wrap" role="region" aria-labelledby="\(id)" tabindex="0"><table class="data stacked"><caption id="\(id)">\(caption)</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Record</th><th scope="col">What</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        """
    }
}
