import AttuneCore
import AttuneHTML
import AttuneStore
import Foundation

/// A programme's reminders, the ones needing a person first.
enum RemindersPage {
    static func main(context: PageContext, programme: Programme, entries: [OutboxEntry], names: [String: String], problem: String?) -> SafeHTML {
        let clock = LocalClock.london
        let path = SiteRoute.reminders(programme: programme.id).path
        func action(_ entry: OutboxEntry, _ value: String, _ label: String) -> SafeHTML {
            """
            <form method="post" action="\(path)" class="inline-form">\(context.csrfField)<input type="hidden" name="key" value="\(entry.key)"><input type="hidden" name="action" value="\(value)"><button type="submit" class="button small secondary">\(label)</button></form>
            """
        }
        // Those needing a person first, then by when they are due.
        let order: [ReminderStatus] = [.unconfirmed, .failed, .pending, .sending, .sent, .listed, .skipped]
        let sorted = entries.sorted { (order.firstIndex(of: $0.status) ?? 9, $0.dueAt) < (order.firstIndex(of: $1.status) ?? 9, $1.dueAt) }
        let rows = sorted.map { entry -> SafeHTML in
            let actions: SafeHTML = switch entry.status {
            case .unconfirmed: "\(action(entry, "sent", "It was sent")) \(action(entry, "not_sent", "It was not sent"))"
            case .failed where entry.sessionStartsAt > context.now: action(entry, "retry", "Send it again")
            default: ""
            }
            let session = entry.sessionId.split(separator: "-").last.map(String.init) ?? entry.sessionId
            return """
            <tr><td data-label="Due">\(clock.stamp(entry.dueAt))</td><td data-label="Session">\(session)</td><td data-label="Mother"><a href="\(SiteRoute.dyad(entry.dyadId).path)">\(names[entry.dyadId] ?? entry.dyadId)</a></td><td data-label="By">\(entry.channel.label)</td><td data-label="Status">\(words(entry, now: context.now))\(entry.note.map { SafeHTML(": \($0)") } ?? "")</td><td data-label="Action">\(actions)</td></tr>
            """
        }
        // Counted as the rows say them: one still planned when its session has started is "not sent".
        var said: [(words: String, count: Int)] = []
        for entry in sorted {
            let words = words(entry, now: context.now)
            if let position = said.firstIndex(where: { $0.words == words }) { said[position].count += 1 } else { said.append((words, 1)) }
        }
        let counts = said.map { "\($0.count) \($0.words)" }.joined(separator: " · ")
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.programmes.path)">Programmes</a> › <a href="\(SiteRoute.programme(programme.id).path)">\(programme.name)</a> › Reminders</p>
        <h1>Reminders of \(programme.name)</h1>
        <p class="lede">Sent by the server on their day to each mother with a place, by the channel she chose. \(counts.isEmpty ? "None planned yet." : counts + ".")</p>
        \(problem.map { SafeHTML("<div class=\"error-summary\" role=\"alert\"><p>\($0)</p></div>") } ?? "")
        \(entries.isEmpty ? "<p>No reminders: nobody has a place yet, or no session is still to come.</p>" : SafeHTML("""
        <div class="table-wrap" role="region" aria-labelledby="reminders-caption" tabindex="0"><table class="data stacked"><caption id="reminders-caption">Reminders, those needing you first</caption>
        <thead><tr><th scope="col">Due</th><th scope="col">Session</th><th scope="col">Mother</th><th scope="col">By</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        """))
        """
    }

    /// A reminder's status in words, as of `now`: one still planned when its session has
    /// started will not be sent (the server's next round marks it so).
    static func words(_ entry: OutboxEntry, now: Date) -> String {
        entry.status == .pending && entry.sessionStartsAt <= now ? "not sent: the session has started" : words(entry.status)
    }

    /// A reminder's status as people say it.
    static func words(_ status: ReminderStatus) -> String {
        switch status {
        case .pending: "planned"
        case .sending: "being sent"
        case .sent: "sent"
        case .listed: "on the facilitator's list"
        case .skipped: "not sent"
        case .failed: "failed"
        case .unconfirmed: "unconfirmed"
        }
    }
}
