import AttuneCore
import AttuneStore
import Vapor

/// The session log: one tablet-friendly form per session (register, setting and content
/// checklist, observer ratings, notes), saved in one request; the profile changes at once.
struct SessionLogController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pattern = SiteRoute.sessionLog(programme: ":code", number: ":number").pathComponents
        routes.get(pattern, use: form)
        routes.post(pattern, use: save)
    }

    struct Loaded {
        let document: EvidenceDocument
        let programme: Programme
        let number: Int
        let session: AttuneCore.Session?
        /// Those who said yes to the programme.
        let enrolled: [Dyad]
        /// The corrections of this session's log, the latest first.
        var history: [StoredChange] = []
    }

    /// What the form shows.
    func load(_ request: Request) async throws -> Loaded {
        _ = try request.require(.logSessions)
        let (document, programme, _) = try await Scoped.programme(request)
        guard let number = request.parameters.get("number", as: Int.self), (1...programme.plannedSessions).contains(number) else {
            throw Scoped.notFound
        }
        let consenting = Set(document.invitations.filter { $0.programmeId == programme.id && $0.status.consented }.map(\.dyadId))
        var withStaff = document
        withStaff.facilitators = try await ScopeStore.facilitators(of: [programme.centreId], on: request.db)
            .sorted(by: Self.inFormOrder)
        let session = document.sessions.first { $0.programmeId == programme.id && $0.number == number }
        var history: [StoredChange] = []
        if let session { history = try await ChangeStore.history(kind: "session", code: session.id, on: request.db) }
        return Loaded(document: withStaff, programme: programme, number: number, session: session,
                      enrolled: document.dyads.filter { consenting.contains($0.id) }, history: history)
    }

    /// What a save checks before its transaction, in two statements rather than the programme's
    /// evidence (the busiest write: every statement here is one more for each of them): that the
    /// programme is one of the user's centres' and has a session `number`, and which of the
    /// facilitators the form names (present, lead) are the centre's staff, whom the form offers
    /// (`ScopeStore.facilitators`). Who is enrolled, and the rest, the store checks in the
    /// transaction (`SessionLogStore.save`).
    func saveTarget(_ request: Request, values: [String: String]) async throws -> (programme: String, number: Int, staff: [Facilitator]) {
        _ = try request.require(.logSessions)
        let code = try request.parameters.require("code")
        guard let programme = try await ScopeStore.programme(code, centres: try request.user.scope.centreFilter, on: request.db),
              let number = request.parameters.get("number", as: Int.self), number >= 1, number <= programme.plannedSessions else {
            throw Scoped.notFound
        }
        let named = Set(values.keys.filter { $0.hasPrefix(Self.presentPrefix) }.map { String($0.dropFirst(Self.presentPrefix.count)) }
                        + [values["lead_facilitator_id"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""].filter { !$0.isEmpty })
        let staff = try await ScopeStore.staff(among: named, of: programme.centre, on: request.db)
        return (code, number, staff.sorted(by: Self.inFormOrder))
    }

    @Sendable
    func form(request: Request) async throws -> Response {
        let loaded = try await load(request)
        if loaded.session?.cancelled == true { throw Abort(.conflict, reason: "This session was cancelled; it has no log.") }
        var values: [String: String] = [:]
        if let session = loaded.session { values = Self.values(of: session, attendance: loaded.document.attendance) }
        return render(request, loaded, values: values, problems: [:])
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        let values = try request.content.decode([String: String].self)
        let target = try await saveTarget(request, values: values)
        var problems: [String: String] = [:]
        // The register as the form names it; the store refuses a mother not enrolled.
        let registered = values.keys.filter { $0.hasPrefix(Self.attendancePrefix) }.sorted()
            .map { Dyad(id: String($0.dropFirst(Self.attendancePrefix.count)), consentToRecords: true) }
        let log = Self.parse(values, programme: target.programme, number: target.number, facilitators: target.staff,
                             enrolled: registered, problems: &problems)
        if problems.isEmpty {
            do {
                try await SessionLogStore.save(log, today: request.today, by: try request.user.username, reason: values["correction_reason"],
                                               now: request.now, on: request.db)
                // The programme page says it was saved (`?logged=`): no session write beside the log's.
                return request.redirect(to: SiteRoute.programme(target.programme).path + "?logged=\(target.number)#profile-title",
                                        redirectType: .normal)
            } catch let error as FormProblems {
                problems = error.fields
            } catch let error as ReachInputError {
                problems = [error.field: error.message]
            }
        }
        return render(request, try await load(request), values: values, problems: problems, status: .unprocessableEntity)
    }

    private func render(_ request: Request, _ loaded: Loaded, values: [String: String], problems: [String: String],
                        status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "Log session \(loaded.number) of \(loaded.programme.id)", context: context,
                                main: SessionLogPage.main(context: context, loaded: loaded, values: values, problems: problems),
                                status: status)
    }

    // MARK: Form <-> session

    /// The order the form lists the centre's staff in, and so the order of those present: by name.
    static func inFormOrder(_ a: Facilitator, _ b: Facilitator) -> Bool {
        a.name.localizedStandardCompare(b.name) == .orderedAscending
    }

    /// A register entry's field: "attendance-" and the mother's code.
    static let attendancePrefix = "attendance-"
    /// A facilitator ticked as present: "present-" and the facilitator's code.
    static let presentPrefix = "present-"

    static func values(of session: AttuneCore.Session, attendance: [Attendance]) -> [String: String] {
        var values: [String: String] = ["date": session.date?.description ?? "", "lead_facilitator_id": session.leadFacilitatorId ?? "",
                                        "room_temperature_celsius": session.roomTemperatureCelsius.map { NumberText.number($0, digits: 1) } ?? "",
                                        "social_minutes": session.content.socialMinutes.map(String.init) ?? "",
                                        "unregistered_dyads_present": String(session.unregisteredDyadsPresent), "notes": session.notes ?? ""]
        for id in session.facilitatorsPresent { values[presentPrefix + id] = "on" }
        for check in SessionCheckField.all { values[check.name] = session[keyPath: check.keyPath].map { $0 ? "yes" : "no" } ?? "" }
        for entry in attendance where entry.sessionId == session.id {
            values[attendancePrefix + entry.dyadId] = entry.status.rawValue
            values["reason-\(entry.dyadId)"] = entry.absenceReason ?? ""
        }
        return values
    }

    /// - Parameter facilitators: the centre's staff (at least those the form names), in the
    ///   form's order; any other is refused (only someone the form offered, never a code typed in).
    static func parse(_ values: [String: String], programme: String, number: Int, facilitators: [Facilitator], enrolled: [Dyad],
                      problems: inout [String: String]) -> SessionLog {
        func text(_ name: String) -> String? {
            let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return value.isEmpty ? nil : value
        }
        func flag(_ name: String) -> Bool? {
            switch text(name) { case "yes": true; case "no": false; default: nil }
        }
        func integer(_ name: String, _ label: String) -> Int? {
            guard let raw = text(name) else { return nil }
            guard let value = Int(raw) else { problems[name] = "'\(raw)' is not a whole number of \(label)"; return nil }
            return value
        }
        var date: CalendarDate?
        if let raw = text("date") {
            date = CalendarDate(raw)
            if date == nil { problems["date"] = "'\(raw)' is not a date; use YYYY-MM-DD" }
        }
        var temperature: Double?
        if let raw = text("room_temperature_celsius") {
            temperature = Double(raw.replacingOccurrences(of: ",", with: "."))
            if temperature == nil { problems["room_temperature_celsius"] = "'\(raw)' is not a temperature; give degrees Celsius, e.g. 22" }
        }
        let present = facilitators.map(\.id).filter { values[presentPrefix + $0] != nil }
        // Only someone offered in the list (this centre's staff), never a code typed in.
        if let lead = text("lead_facilitator_id"), !facilitators.contains(where: { $0.id == lead }) {
            problems["lead_facilitator_id"] = "Choose who led from the list."
        }
        var session = Session(
            id: "\(programme)-S\(number)", programmeId: programme, number: number, date: date, facilitatorsPresent: present,
            leadFacilitatorId: text("lead_facilitator_id"), roomTemperatureCelsius: temperature,
            unregisteredDyadsPresent: integer("unregistered_dyads_present", "mothers") ?? 0, notes: text("notes"))
        session.content.socialMinutes = integer("social_minutes", "minutes")
        for check in SessionCheckField.all { session[keyPath: check.keyPath] = flag(check.name) }
        var register: [Attendance] = []
        for dyad in enrolled {
            guard let raw = text(attendancePrefix + dyad.id) else { continue }
            guard let status = AttendanceStatus(rawValue: raw) else { problems[attendancePrefix + dyad.id] = "choose present, late or absent"; continue }
            register.append(Attendance(dyadId: dyad.id, sessionId: session.id, status: status,
                                       absenceReason: status == .absent ? text("reason-\(dyad.id)") : nil))
        }
        return SessionLog(session: session, register: register)
    }
}
