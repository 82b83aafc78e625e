import AttuneCore
import AttuneStore
import Vapor

/// The first page after sign-in: open safeguarding alerts first, then missed opportunities,
/// this week's sessions and the reminders that need someone.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.home.pathComponents, use: dashboard)
    }

    @Sendable
    func dashboard(request: Request) async throws -> Response {
        let user = try request.user
        let document = try await Scoped.evidence(request)
        let dyadsInScope = Set(document.dyads.map(\.id))
        let programmesInScope = Set(document.programmes.map(\.id))
        let alerts = user.can(.viewAlerts)
            ? try await AlertStore.all(openOnly: true, dyads: user.role == .admin ? nil : dyadsInScope, on: request.db) : []
        // Need from the signals stored with the measures, not by reading and scoring them.
        let followUps = Dictionary(grouping: try await ReachStore.followUps(ofDyads: dyadsInScope, on: request.db)) {
            "\($0.dyadId)#\($0.programmeId)"
        }
        let reach = ReachReport(document: document, needs: try await MeasureStore.needs(ofDyads: dyadsInScope, on: request.db),
                                followUps: followUps)
        let today = CalendarDate.today(at: Date())
        let weekEnd = today.adding(days: 7)
        let sessions = document.sessions.filter { session in
            guard let date = session.date else { return false }
            return date >= today && date < weekEnd
        }.sorted { ($0.date!, $0.programmeId) < ($1.date!, $1.programmeId) }
        var reminders: [OutboxEntry] = []
        if user.can(.viewReminders) {
            // Plan what is new for this week's programmes (idempotent), so the list is current
            // even before the runner has run.
            let running = Set(sessions.map(\.programmeId))
            if !running.isEmpty { try await ReminderOutbox.refresh(programmes: Array(running), now: Date(), on: request.db) }
            let soon = Date().addingTimeInterval(24 * 3600)
            reminders = try await ReminderOutbox.entries(programmes: user.role == .admin ? nil : programmesInScope,
                                                         statuses: [.pending, .failed, .unconfirmed], on: request.db)
                .filter { $0.status != .pending || ($0.dueAt <= soon && $0.sessionStartsAt > Date()) }
        }
        let context = PageContext(request, section: .dashboard)
        return PageFrame.render(title: "Dashboard", context: context, main: DashboardPage.main(
            context: context, alerts: alerts, missed: reach.missed, sessions: sessions, reminders: reminders,
            programmeNames: Dictionary(document.programmes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })))
    }
}
