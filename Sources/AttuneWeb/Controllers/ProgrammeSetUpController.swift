import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// Setting up a new programme from the web: the programme's fields from its one definition
/// (`EvidenceRecords.programme`, through `RecordForm`), its lead facilitator, and the planned
/// weekly sessions that follow (`ProgrammeStore.setUp`); then moving or cancelling a planned
/// session (`ProgrammeStore.change`). A manager or facilitator does so for their own centres;
/// an administrator for any.
struct ProgrammeSetUpController: RouteCollection {
    /// The programme's fields the form shows, in order.
    static let fields = ["name", "venue", "start_date", "start_time", "planned_sessions", "session_minutes", "place_limit"]
    /// What setting up needs that an imported programme may leave out.
    static let needed: Set<String> = ["start_date"]
    /// What a blank form offers: five weekly sessions of an hour at ten, for eight.
    static let defaults = ["planned_sessions": "5", "session_minutes": "60", "start_time": "10:00", "place_limit": "8",
                           "reminders_first": "7, 1", "reminders_later": "1", "reminders_at": "10:00"]

    /// The sessions' days when chosen one by one (nil when none are given, for weekly sessions),
    /// or the problem with them.
    static func dates(_ typed: String?) -> (dates: [CalendarDate]?, problem: String?) {
        let words = FormField.codes(typed)
        guard !words.isEmpty else { return (nil, nil) }
        let dates = words.compactMap(CalendarDate.init)
        if dates.count != words.count {
            let wrong = words.first { CalendarDate($0) == nil } ?? ""
            return (nil, "'\(wrong)' is not a date; give each as YYYY-MM-DD, separated by commas.")
        }
        if Set(dates).count != dates.count { return (nil, "A day is listed twice.") }
        if dates.count > 52 { return (nil, "\(dates.count) sessions; a programme has at most 52.") }
        return (dates.sorted(), nil)
    }

    /// The reminder schedule the form's three fields give (nil for the standard one), or the
    /// problems with them by field.
    static func reminders(_ values: [String: String]) -> (schedule: ReminderSchedule?, problems: [String: String]) {
        var problems: [String: String] = [:]
        func days(_ field: String) -> [Int] {
            let typed = FormField.codes(values[field])
            let days = typed.compactMap(Int.init)
            let range = ReminderSchedule.allowedDays
            if days.count != typed.count || days.contains(where: { !range.contains($0) }) {
                problems[field] = "Give whole numbers of days from \(range.lowerBound) to \(range.upperBound), separated by commas."
            } else if Set(days).count != days.count {
                problems[field] = "A day is listed twice."
            }
            return days
        }
        let first = days("reminders_first"), later = days("reminders_later")
        let time = ClockTime((values["reminders_at"] ?? "").trimmingCharacters(in: .whitespaces))
        if time == nil { problems["reminders_at"] = "Give the time reminders go out as HH:MM, for example 10:00." }
        guard problems.isEmpty, let time else { return (nil, problems) }
        let schedule = ReminderSchedule(daysBeforeFirst: first, daysBeforeLater: later, sendAt: time)
        return (schedule == .standard ? nil : schedule, [:])
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.newProgramme.pathComponents, use: form)
        routes.post(SiteRoute.newProgramme.pathComponents, use: create)
        routes.get(SiteRoute.sessionPlan(programme: ":code", number: ":number").pathComponents, use: sessionForm)
        routes.post(SiteRoute.sessionPlan(programme: ":code", number: ":number").pathComponents, use: changeSession)
    }

    // MARK: Moving or cancelling a planned session

    @Sendable
    func sessionForm(request: Request) async throws -> Response {
        _ = try request.require(.setUpProgrammes)
        return try await renderSession(request, values: [:], problems: [:])
    }

    @Sendable
    func changeSession(request: Request) async throws -> Response {
        _ = try request.require(.setUpProgrammes)
        let (programme, session) = try await Self.plannedSession(request)
        let values = try request.content.decode([String: String].self)
        let change: ProgrammeStore.Change
        if values["action"] == "cancel" {
            change = .cancel(reason: values["reason"] ?? "")
        } else {
            guard let date = CalendarDate((values["date"] ?? "").trimmingCharacters(in: .whitespaces)) else {
                return try await renderSession(request, values: values, problems: ["date": "Give the new date as YYYY-MM-DD."], status: .unprocessableEntity)
            }
            change = .move(to: date)
        }
        do {
            try await ProgrammeStore.change(session: session.number, of: programme.id, change, today: request.today, now: request.now, on: request.db)
        } catch let error as FormProblems {
            return try await renderSession(request, values: values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
        }
        request.session.data["flash"] = switch change {
        case .move(let date): "Moved session \(session.number) to \(date). Reminders not yet sent will give the new date."
        case .cancel: "Cancelled session \(session.number). No reminder will be sent for it."
        }
        return request.redirect(to: SiteRoute.programme(programme.id).path + "#sessions-title", redirectType: .normal)
    }

    /// The programme and session the address names, within the user's centres; 404 otherwise.
    static func plannedSession(_ request: Request) async throws -> (Programme, AttuneCore.Session) {
        let (document, programme, _) = try await Scoped.programme(request, includingDyads: false, includingDelivery: false)
        guard let number = request.parameters.get("number", as: Int.self),
              let session = document.sessions.first(where: { $0.programmeId == programme.id && $0.number == number }) else {
            throw Scoped.notFound
        }
        return (programme, session)
    }

    private func renderSession(_ request: Request, values: [String: String], problems: [String: String],
                               status: HTTPResponseStatus = .ok) async throws -> Response {
        let (programme, session) = try await Self.plannedSession(request)
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "Session \(session.number) of \(programme.name)", context: context, main: ProgrammeSetUpPage.session(
            context: context, programme: programme, session: session, values: values, problems: problems), status: status)
    }

    @Sendable
    func form(request: Request) async throws -> Response {
        _ = try request.require(.setUpProgrammes)
        return try await render(request, values: Self.defaults, problems: [:])
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        let user = try request.require(.setUpProgrammes)
        let values = try request.content.decode([String: String].self)
        // Its code is chosen when it is stored.
        let blank = Programme(id: "new", centreId: "", name: "", plannedSessions: 1)
        let (dates, datesProblem) = Self.dates(values["session_dates"])
        let (programme, read) = RecordForm.read(EvidenceRecords.programme, ["centre_id"] + Self.fields, values: values,
                                                base: blank, required: dates == nil ? Self.needed : [])
        let (schedule, reminderProblems) = Self.reminders(values)
        var problems = read.merging(reminderProblems) { first, _ in first }
        if let datesProblem { problems["session_dates"] = datesProblem }
        let centre = values["centre_id"] ?? ""
        // A centre outside the user's own reads as one that does not exist.
        if !centre.isEmpty, !(user.scope.centreFilter?.contains(centre) ?? true) { problems["centre_id"] = "Choose a centre from the list." }
        let lead = values["lead_facilitator_id"] ?? ""
        if lead.isEmpty { problems["lead_facilitator_id"] = "Choose who leads the sessions." }
        guard var programme, problems.isEmpty else {
            return try await render(request, values: values, problems: problems, status: .unprocessableEntity)
        }
        programme.reminders = schedule
        let stored: Programme
        do {
            stored = try await ProgrammeStore.setUp(programme, lead: lead, dates: dates, now: request.now, by: user.username, on: request.db)
        } catch let error as FormProblems {
            return try await render(request, values: values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
        }
        request.session.data["flash"] = "Set up \(stored.name) with \(stored.plannedSessions) planned sessions, the first on \(stored.startDate?.description ?? "")."
        return request.redirect(to: SiteRoute.programme(stored.id).path, redirectType: .normal)
    }

    private func render(_ request: Request, values: [String: String], problems: [String: String],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try request.user
        let centres = try await CentreStore.all(on: request.db).map(\.centre)
            .filter { user.scope.centreFilter?.contains($0.id) ?? true }
        let facilitators = try await ScopeStore.facilitators(of: user.scope.centreFilter, on: request.db)
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "Set up a programme", context: context, main: ProgrammeSetUpPage.main(
            context: context, centres: centres, facilitators: facilitators, values: values, problems: problems), status: status)
    }
}
