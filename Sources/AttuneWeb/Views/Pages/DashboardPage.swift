import AttuneCore
import AttuneHTML
import AttuneStore
import Foundation

enum DashboardPage {
    /// Missed opportunities, the first of `total`, as the dashboard and a programme's page list
    /// them: who, where, what happened, her need in words, and whether anyone has followed her up.
    static func missedSection(_ missed: [MissedOpportunitySummary], total: Int, names: ShownNames) -> SafeHTML {
        let items = missed.map { item -> SafeHTML in
            "<li><a href=\"\(SiteRoute.dyad(item.dyadId).path)\">\(names.mother(item.dyadId))</a> in <a href=\"\(SiteRoute.programme(item.programmeId).path)\">\(names.programme(item.programmeId))</a>: \(item.what). <span class=\"muted\">\(item.needSummary)</span>\(item.followedUp ? "" : SafeHTML(" <strong>No follow-up yet.</strong>"))</li>"
        }
        return """
        <section aria-labelledby="missed-title" class="card"><h2 id="missed-title">Missed opportunities (\(NumberText.grouped(total)))</h2>
        \(total > missed.count ? SafeHTML("<p class=\"muted\">The first \(missed.count) are listed; each dyad's page shows hers.</p>") : "")
        <p class="muted">Mothers of high need who were invited or said yes, and never came or dropped out.</p>
        \(missed.isEmpty ? SafeHTML("<p>None.</p>") : "<ul class=\"plain-list\">\(items)</ul>")</section>
        """
    }

    /// The longest list the dashboard shows: an administrator's country can have tens of
    /// thousands of open alerts and missed opportunities, which no page should list.
    static let longestList = 100

    static func main(context: PageContext, alerts: OpenAlerts, missed: [MissedOpportunitySummary], missedTotal: Int,
                     sessions: [ScheduledSession], sessionsTotal: Int, reminders: [OutboxEntry], actions: [ActionPlan] = [],
                     names: ShownNames = .none) -> SafeHTML {
        let clock = LocalClock.london
        var parts: [SafeHTML] = ["<h1>Dashboard</h1>"]
        if let user = context.user {
            parts.append("<p class=\"lede\">Signed in as \(user.displayName), \(user.role.label)\(user.role == .admin ? "" : " for centre\(user.centres.count == 1 ? "" : "s") \(user.centres.sorted().joined(separator: ", "))").</p>")
        }
        if context.can(.viewAlerts) {
            let items = alerts.shown.map { alert -> SafeHTML in
                let urgent = alert.kind == .selfHarm
                return """
                <li class="alert-item\(urgent ? " urgent" : "")"><a href="\(SiteRoute.dyad(alert.dyadId).path)#alerts"><strong>\(alert.kind == .selfHarm ? "Same-day follow-up" : "Assess") · \(names.mother(alert.dyadId))</strong></a>
                <span>\(alert.reason)</span> <span class="muted">Due by \(alert.dueBy.description).</span></li>
                """
            }
            parts.append("""
            <section aria-labelledby="alerts-title" class="card"><h2 id="alerts-title">Open safeguarding alerts (\(NumberText.grouped(alerts.total)))</h2>
            \(alerts.shown.count < alerts.total ? SafeHTML("<p class=\"muted\">The \(alerts.shown.count) most urgent are listed (same-day follow-ups first, then the soonest due); each mother's page shows all of hers.</p>") : "")
            \(alerts.shown.isEmpty ? SafeHTML("<p>No open alerts.</p>") : "<ul class=\"plain-list\">\(items)</ul>")</section>
            """)
        }
        parts.append(missedSection(Array(missed.prefix(longestList)), total: missedTotal, names: names))
        let today = CalendarDate.today(at: context.now)
        let actionItems = actions.map { plan -> SafeHTML in
            let late = plan.dueDate.map { $0 < today } ?? false
            return "<li><a href=\"\(SiteRoute.actions.path)#plan-\(plan.id)\"><strong>\(names.programme(plan.programmeId))</strong>: \(plan.action)</a> <span class=\"muted\">\(plan.status.label), \(plan.owner ?? ""), due \(plan.dueDate?.description ?? "–")\(late ? " (overdue)" : "")</span></li>"
        }
        parts.append("""
        <section aria-labelledby="actions-title" class="card"><h2 id="actions-title">Actions to do (\(actions.count))</h2>
        \(actions.isEmpty ? SafeHTML("<p>No adopted action is open. <a href=\"\(SiteRoute.actions.path)\">Suggested actions</a> come from each programme's gaps.</p>") : "<ul class=\"plain-list\">\(actionItems)</ul>")</section>
        """)
        let sessionRows = sessions.map { session -> SafeHTML in
            "<tr><td>\(session.date.description)</td><td><a href=\"\(SiteRoute.programme(session.programmeId).path)\">\(session.programmeName)</a></td><td>Session \(session.number)</td><td>\(context.can(.logSessions) ? SafeHTML("<a href=\"\(SiteRoute.sessionLog(programme: session.programmeId, number: String(session.number)).path)\">\(session.planned ? "Log this session" : "Edit the log")</a>") : "")</td></tr>"
        }
        parts.append("""
        <section aria-labelledby="week-title" class="card"><h2 id="week-title">This week's sessions</h2>
        \(sessionsTotal > sessions.count ? SafeHTML("<p class=\"muted\">The first \(sessions.count) of \(sessionsTotal) are listed; each programme's page shows its own.</p>") : "")
        \(sessions.isEmpty ? SafeHTML("<p>No sessions in the next seven days.</p>") : "<table><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Programme</th><th scope=\"col\">Session</th><th scope=\"col\"><span class=\"visually-hidden\">Action</span></th></tr></thead><tbody>\(sessionRows)</tbody></table>")</section>
        """)
        if context.can(.viewReminders) {
            let rows = reminders.map { entry -> SafeHTML in
                "<tr><td>\(clock.stamp(entry.dueAt))</td><td><a href=\"\(SiteRoute.dyad(entry.dyadId).path)\">\(names.mother(entry.dyadId))</a></td><td><a href=\"\(SiteRoute.reminders(programme: entry.programmeId).path)\">\(names.programme(entry.programmeId))</a>, \(clock.stamp(entry.sessionStartsAt))</td><td>\(entry.channel.label)</td><td>\(RemindersPage.words(entry, now: context.now))\(entry.note.map { SafeHTML(": \($0)") } ?? "")</td></tr>"
            }
            parts.append("""
            <section aria-labelledby="reminders-title" class="card"><h2 id="reminders-title">Reminders due or needing you (\(reminders.count))</h2>
            \(reminders.isEmpty ? SafeHTML("<p>Nothing due in the next 24 hours, and no failed reminders.</p>") : "<table><thead><tr><th scope=\"col\">Due</th><th scope=\"col\">Mother</th><th scope=\"col\">Session</th><th scope=\"col\">Channel</th><th scope=\"col\">Status</th></tr></thead><tbody>\(rows)</tbody></table>")</section>
            """)
        }
        return SafeHTML.join(parts, separator: "\n")
    }
}
