import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// A programme's reminders: what is planned, sent, listed, failed or unconfirmed; a person
/// settles an unconfirmed one (it went, or it did not) and sends a failed one again.
struct RemindersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.reminders(programme: ":code").pathComponents, use: list)
        routes.post(SiteRoute.reminders(programme: ":code").pathComponents, use: act)
    }

    @Sendable
    func list(request: Request) async throws -> Response {
        try await render(request, problem: nil)
    }

    @Sendable
    func act(request: Request) async throws -> Response {
        let user = try request.require(.viewReminders)
        let (_, programme, _) = try await Scoped.programme(request, includingDyads: false, includingDelivery: false)
        let values = try request.content.decode([String: String].self)
        let key = values["key"] ?? ""
        do {
            switch values["action"] {
            case "sent", "not_sent":
                try await ReminderOutbox.settle(key: key, ofProgramme: programme.id, sent: values["action"] == "sent", by: user.displayName,
                                                now: request.now, on: request.db)
                request.session.data["flash"] = values["action"] == "sent" ? "Marked as sent." : "Marked as not sent: you can send it again."
            case "retry":
                try await ReminderOutbox.retry(key: key, ofProgramme: programme.id, by: user.displayName, now: request.now, on: request.db)
                request.session.data["flash"] = "It goes out with the server's next round of reminders, within a minute."
            default:
                return try await render(request, problem: "Choose what to do with the reminder.", status: .unprocessableEntity)
            }
        } catch let error as ReachInputError {
            return try await render(request, problem: RecordForm.sentences(["": error.message])[""], status: .unprocessableEntity)
        }
        return request.redirect(to: SiteRoute.reminders(programme: programme.id).path, redirectType: .normal)
    }

    private func render(_ request: Request, problem: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        _ = try request.require(.viewReminders)
        // Kept while nothing is committed, as a programme's page is (its reminders change only
        // by a write: the server's rounds, a mother taking a place, a session moved).
        let page = try await request.db.withConnection { db in
            try await request.application.pageDataCache.value("reminders", for: try request.user, detail: try request.parameters.require("code"),
                                                              anyScope: true, on: db) {
                let (document, programme, _) = try await Scoped.programme(request, includingDelivery: false, on: db)
                // Planned when a mother takes a place, a session moves or her contacts change (each in
                // its write's transaction), and by the server's rounds: a view only reads.
                let entries = try await ReminderOutbox.entries(programme: programme.id, on: db)
                let names = Dictionary(document.dyads.map { ($0.id, $0.motherName ?? $0.id) }, uniquingKeysWith: { first, _ in first })
                return RemindersPageData(programme: programme, entries: entries, names: names)
            }
        }
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "Reminders of \(page.programme.name)", context: context, main: RemindersPage.main(
            context: context, programme: page.programme, entries: page.entries, names: page.names, problem: problem), status: status)
    }
}

/// What a programme's reminders page read: the programme, its reminders and its mothers' names.
private struct RemindersPageData: Sendable {
    let programme: Programme
    let entries: [OutboxEntry]
    let names: [String: String]
}
