import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// The administrator's search of the activity log (`/admin/activity`): by user, mother, action
/// and day, the newest first, a page at a time.
struct ActivityController: RouteCollection {
    static let pageSize = 50

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.activity.pathComponents, use: search)
    }

    @Sendable
    func search(request: Request) async throws -> Response {
        _ = try request.require(.searchActivity)
        let filters = ActivityPage.Filters(
            user: Self.given(request, "user"), dyad: Self.given(request, "dyad"),
            action: Self.given(request, "action").flatMap(ActivityAction.init(rawValue:)), since: Self.given(request, "since"))
        var problems: [String: String] = [:]
        var query = ActivityLog.Query(dyad: filters.dyad, user: filters.user, actions: filters.action.map { [$0] },
                                      beforeID: request.query[Int.self, at: "before"], limit: Self.pageSize + 1)
        if let since = filters.since {
            if let day = CalendarDate(since) {
                query.since = LocalClock.london.instant(day, ClockTime(hour: 0, minute: 0)!)
            } else {
                problems["since"] = "Give a date as YYYY-MM-DD, or leave it empty."
            }
        }
        let found = problems.isEmpty ? try await ActivityLog.search(query, on: request.db) : []
        let context = PageContext(request, section: .activity)
        return PageFrame.render(title: "Activity log", context: context, main: ActivityPage.main(
            filters: filters, problems: problems, entries: Array(found.prefix(Self.pageSize)),
            next: found.count > Self.pageSize ? found[Self.pageSize - 1].id : nil), status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    /// A filter as typed, nil when empty.
    private static func given(_ request: Request, _ name: String) -> String? {
        let typed = (request.query[String.self, at: name] ?? "").trimmingCharacters(in: .whitespaces)
        return typed.isEmpty ? nil : typed
    }
}
