import AttuneCore
import AttuneHTML
import AttuneStore
import Synchronization
import Vapor

/// The administrator's list of records kept longer than the retention period, for review
/// (`/admin/retention?years=N`): each links to her page, and to erasing her record.
struct RetentionController: RouteCollection {
    /// How many records the page lists; the count says how many more there are.
    static let shown = 200

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.retention.pathComponents, use: list)
    }

    @Sendable
    func list(request: Request) async throws -> Response {
        _ = try request.require(.eraseRecords)
        let typed = request.query[String.self, at: "years"]
        let years = typed.map { Int($0.trimmingCharacters(in: .whitespaces)) } ?? Retention.defaultYears
        let context = PageContext(request, section: .activity)
        guard let years, (1...100).contains(years) else {
            return PageFrame.render(title: "Records due for review", context: context,
                                    main: RetentionPage.main(years: typed ?? "", due: nil, problem: "Give a number of years from 1 to 100."),
                                    status: .unprocessableEntity)
        }
        let review = try await request.application.retentionReview.due(years: years, again: request.query[String.self, at: "again"] != nil,
                                                                       now: request.now) { [db = request.db, today = request.today] in
            try await Retention.due(years: years, today: today, on: db)
        }
        return PageFrame.render(title: "Records due for review", context: context,
                                main: RetentionPage.main(years: String(years), due: review.due, problem: nil, workedOutAt: review.at))
    }
}

/// The review list, worked out at most every `maximumAge` for each period (or when asked
/// again), not at every view: it reads every dated record of every mother (a second at
/// national scale), to answer a question asked once a month. Forgotten when this server
/// erases a record; a record erased through another server stays listed until the list is
/// worked out again (her page and the erasure say she is erased).
final class RetentionReview: Sendable {
    static let maximumAge: TimeInterval = 600
    private let lists = Mutex<[Int: (at: Date, task: Task<[Retention.Due], any Error>)]>([:])

    func due(years: Int, again: Bool, now: Date,
             workOut: @escaping @Sendable () async throws -> [Retention.Due]) async throws -> (due: [Retention.Due], at: Date) {
        let (at, task) = lists.withLock { lists in
            if !again, let kept = lists[years], now.timeIntervalSince(kept.at) < Self.maximumAge, now >= kept.at { return kept }
            let fresh = (at: now, task: Task { try await workOut() })
            lists[years] = fresh
            return fresh
        }
        do {
            return (try await task.value, at)
        } catch {
            lists.withLock { if $0[years]?.at == at { $0[years] = nil } }
            throw error
        }
    }

    /// Every list, after an erasure.
    func forget() { lists.withLock { $0 = [:] } }
}

extension Application {
    private struct RetentionReviewKey: StorageKey { typealias Value = RetentionReview }

    /// Made once at start-up (`configureAttune`).
    var retentionReview: RetentionReview {
        get { storage[RetentionReviewKey.self]! }
        set { storage[RetentionReviewKey.self] = newValue }
    }
}

enum RetentionPage {
    static func main(years: String, due: [Retention.Due]?, problem: String?, workedOutAt: Date? = nil) -> SafeHTML {
        var results: SafeHTML = ""
        if let due {
            let rows = due.prefix(RetentionController.shown).map { item -> SafeHTML in
                """
                <tr><td data-label="Mother and baby"><a href="\(SiteRoute.dyad(item.dyad).path)">\(item.dyad)</a></td><td data-label="Centre">\(item.centre ?? "")</td>\
                <td data-label="Latest activity">\(item.lastActivity.description)</td><td data-label="Review"><a href="\(SiteRoute.dyadErasure(item.dyad).path)">Erase…</a></td></tr>
                """
            }
            results = due.isEmpty ? "<p>No record's latest activity is older than \(years) years.</p>" : """
                <div class="table-wrap" role="region" aria-labelledby="retention-caption" tabindex="0"><table class="data stacked">
                <caption id="retention-caption">\(due.count) records older than \(years) years, the oldest first\(due.count > RetentionController.shown ? SafeHTML("; the first \(RetentionController.shown) shown (<code>attune retention</code> lists all)") : "")</caption>
                <thead><tr><th scope="col">Mother and baby</th><th scope="col">Centre</th><th scope="col">Latest activity</th><th scope="col">Review</th></tr></thead>
                <tbody>\(rows)</tbody></table></div>
                """
        }
        return """
        <h1>Records due for review</h1>
        <p class="lede">Mothers whose latest activity (consent, invitation, a session of her programme, a measure) is older than the retention period \
        your data protection officer set. Keep each for a reason, or erase it.</p>
        \(FormField.errorSummary(problem.map { ["years": $0] } ?? [:], saved: "Nothing was listed"))
        <form method="get" action="\(SiteRoute.retention.path)" class="card search filters">
        \(FormField.text("years", label: "Retention period in years", value: years, error: problem, type: "number"))
        <div class="actions"><button type="submit" class="button">List</button></div>
        </form>
        \(workedOutAt.map { SafeHTML("<p class=\"muted\">Worked out at \(LocalClock.london.stamp($0)); worked out again after ten minutes, or <a href=\"\(SiteRoute.retention.path)?years=\(years)&amp;again=1\">now</a>.</p>") } ?? "")
        \(results)
        """
    }
}
