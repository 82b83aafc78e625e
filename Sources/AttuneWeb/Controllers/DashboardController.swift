import AttuneCore
import AttuneStore
import Fluent
import Synchronization
import Vapor

/// The first page after sign-in: open safeguarding alerts first, then missed opportunities,
/// this week's sessions and the reminders that need someone.
struct DashboardController: RouteCollection {
    /// This week's reminders a view could not plan (`DashboardData.unplanned`).
    let reminderPlanning = BackgroundReminderPlanning()

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.home.pathComponents, use: dashboard)
    }

    @Sendable
    func dashboard(request: Request) async throws -> Response {
        let user = try request.user
        let today = request.today
        // One connection for the page's queries, rather than one taken from the pool for each;
        // none but the cache's question when nothing has been committed since the last view.
        func load() async throws -> DashboardData {
            try await request.db.withConnection { db in
                // Kept for any scope, the whole country's too: what it keeps (alerts, missed
                // opportunities, this week) is small beside the evidence it was worked out from,
                // which an administrator's view reads whole.
                try await request.application.pageDataCache.value("dashboard", for: user, detail: "\(today)", anyScope: true, on: db) {
                    try await Self.read(request, user: user, today: today, on: db)
                }
            }
        }
        let data = try await load()
        if !data.unplanned.isEmpty {
            // The read could not plan this week's reminders without waiting for SQLite's
            // writers' queue while holding its connection: they are planned in the background,
            // and the next view (the commit makes its data stale) lists them. Waiting for them
            // here made every view under load queue for the writers and read twice: 80 views a
            // second where 2,000 were served (BENCHMARKS.md).
            reminderPlanning.plan(data.unplanned, now: request.now, on: request.application.db, logger: request.logger)
        }
        // Reminders due within a day, or that need someone, as of this moment.
        let now = request.now, soon = now.addingTimeInterval(24 * 3600)
        let reminders = data.reminders.filter { $0.status != .pending || ($0.dueAt <= soon && $0.sessionStartsAt > now) }
        let context = PageContext(request, section: .dashboard)
        return PageFrame.render(title: "Dashboard", context: context, main: DashboardPage.main(
            context: context, alerts: data.alerts, missed: data.missed, missedTotal: data.missedTotal, sessions: data.sessions,
            sessionsTotal: data.sessionsTotal, reminders: reminders, actions: data.actions, names: data.names))
    }

    /// What the dashboard shows of the database for `user` on `today`: a few short reads, none
    /// of the evidence. Missed opportunities were derived as each write stored them
    /// (`ProfileStore`), so an administrator's view of the whole country reads as many rows as
    /// a manager's of one centre.
    private static func read(_ request: Request, user: SignedInUser, today: CalendarDate,
                             on db: any Database) async throws -> DashboardData {
        let centres = user.scope.centreFilter
        // The store knows dyads by working code; an evaluator sees them by pseudonym.
        let naming = DyadNaming(request, codes: [])
        // The most urgent alerts, and how many are open: an administrator's country can have
        // tens of thousands, which no page should list.
        var alerts = OpenAlerts(shown: [], total: 0)
        if user.can(.viewAlerts) {
            let dyads = user.role == .admin ? nil : try await ScopeStore.dyads(invitedTo: centres, on: db)
            alerts.shown = try await AlertStore.all(openOnly: true, dyads: dyads, centres: centres, limit: DashboardPage.longestList + 1, on: db)
            alerts.total = alerts.shown.count > DashboardPage.longestList
                ? try await AlertStore.openCount(dyads: dyads, centres: centres, on: db) : alerts.shown.count
            alerts.shown = Array(alerts.shown.prefix(DashboardPage.longestList))
        }
        var missed = try await ProfileStore.missedOpportunities(centres: centres, limit: DashboardPage.longestList, on: db)
        if !naming.isIdentity {
            missed.shown = missed.shown.map {
                MissedOpportunitySummary(dyadId: naming.shown($0.dyadId), programmeId: $0.programmeId, what: $0.what,
                                         needSummary: $0.needSummary, followedUp: $0.followedUp)
            }
        }
        let week = try await ScopeStore.sessions(from: today, before: today.adding(days: 7), centres: centres,
                                                 limit: DashboardPage.longestList, on: db)
        var reminders: [OutboxEntry] = []
        var unplanned: [String] = []
        if user.can(.viewReminders) {
            // Plan what is new for this week's programmes (idempotent), so the list is current
            // even before the runner has run. A write while this page holds its connection: on
            // SQLite only when no other writer holds or waits for the writers' queue, since
            // waiting for it here could deadlock; otherwise `dashboard` plans them after the read.
            let running = Set(week.shown.map(\.programmeId))
            if !running.isEmpty {
                let planned = try await db.ifNoWriterWaiting {
                    try await ReminderOutbox.refresh(programmes: Array(running), now: request.now, on: db)
                }
                if planned == nil { unplanned = running.sorted() }
            }
            let programmes = user.role == .admin ? nil : try await ScopeStore.programmes(centres: centres, on: db)
            reminders = try await ReminderOutbox.entries(programmes: programmes, statuses: [.pending, .failed, .unconfirmed], on: db)
        }
        // Adopted actions still to do, the soonest due first.
        var actions = try await ActionStore.plans(centres: centres, onlyOpen: true, on: db)
            .sorted { ($0.dueDate?.description ?? "9999", $0.programmeId) < ($1.dueDate?.description ?? "9999", $1.programmeId) }
        if !user.can(.viewPersonalDetails) { actions = actions.map { $0.withholdingFreeText(rules: request.application.actionRules) } }
        actions = Array(actions.prefix(DashboardPage.longestList))
        // People and programmes by name, not by code: for those listed.
        // (Of reminders, those the page can list while this read is kept: not the country's whole outbox.)
        let horizon = request.now.addingTimeInterval(8 * 24 * 3600)
        let listable = reminders.filter { $0.status != .pending || $0.dueAt <= horizon }
        let names = try await ShownNames.read(request, dyads: alerts.shown.map(\.dyadId) + missed.shown.map(\.dyadId) + listable.map(\.dyadId),
                                              programmes: missed.shown.map(\.programmeId) + listable.map(\.programmeId) + actions.map(\.programmeId),
                                              on: db)
        return DashboardData(alerts: alerts, missed: missed.shown, missedTotal: missed.total, sessions: week.shown,
                             sessionsTotal: week.total, reminders: reminders, actions: actions, unplanned: unplanned, names: names)
    }
}

/// What the dashboard read and derived: reminders before the filter by the time of the view.
private struct DashboardData: Sendable {
    let alerts: OpenAlerts
    let missed: [MissedOpportunitySummary]
    let missedTotal: Int
    let sessions: [ScheduledSession]
    let sessionsTotal: Int
    let reminders: [OutboxEntry]
    let actions: [ActionPlan]
    /// Programmes whose reminders this read left unplanned (SQLite's writers' queue was busy).
    let unplanned: [String]
    let names: ShownNames
}

/// The open alerts a dashboard lists (the most urgent first), and how many are open in all.
struct OpenAlerts: Sendable {
    var shown: [SafeguardingAlert]
    var total: Int
}

/// Plans reminders in the background, one planning at a time: a view that finds one under way
/// leaves its programmes to the next view (planning is idempotent, and each view after a commit
/// asks again).
final class BackgroundReminderPlanning: Sendable {
    private let running = Mutex(false)

    func plan(_ programmes: [String], now: Date, on database: any Database, logger: Logger) {
        guard running.withLock({ running in
            defer { running = true }
            return !running
        }) else { return }
        Task {
            defer { running.withLock { $0 = false } }
            do {
                _ = try await database.inWritersQueue {
                    try await ReminderOutbox.refresh(programmes: programmes, now: now, on: database)
                }
            } catch {
                logger.report(error: error)
            }
        }
    }
}
