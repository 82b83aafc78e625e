import AttuneCore
import FluentKit
import Foundation

/// Programmes as people set them up from the web: a new programme with its planned sessions
/// (`ProgrammeSetUp`), checked as an import checks them, stored in one transaction.
public enum ProgrammeStore {
    /// Stores `programme` (its code chosen here, `ProgrammeSetUp.programmeCode`) with a planned
    /// session a week from its start date, led by `lead`, a facilitator of its centre; returns
    /// it as stored. Refused by field (`FormProblems`), storing nothing.
    /// `dates`: the sessions' days chosen one by one, instead of weekly from the start date.
    public static func setUp(_ programme: Programme, lead: String, dates: [CalendarDate]? = nil, now: Date, by user: String,
                             on database: any Database) async throws -> Programme {
        let undated: [String: String] = programme.startDate == nil && dates == nil ? ["start_date": "Give the date of the first session."] : [:]
        return try await database.writeTransaction { db in
            var problems = undated
            guard let centre = try await CentreStore.find(code: programme.centreId, on: db) else {
                throw FormProblems("programme", problems.merging(["centre_id": "Choose a centre from the list."]) { first, _ in first })
            }
            let facilitators = try await ScopeStore.facilitators(of: [centre.id], on: db)
            guard let leader = facilitators.first(where: { $0.id == lead }) else {
                problems["lead_facilitator_id"] = facilitators.isEmpty
                    ? "No facilitator works at \(centre.name) yet; an administrator assigns them at Facilitators."
                    : "Choose a facilitator of \(centre.name) from the list."
                throw FormProblems("programme", problems)
            }
            var stored = dates.map { ProgrammeSetUp.choosing($0, for: programme) } ?? programme
            stored.id = ProgrammeSetUp.programmeCode(centre: centre.id, taken: try await codes(ofCentre: centre.id, on: db))
            if dates == nil { stored.endDate = ProgrammeSetUp.endDate(of: stored) }
            let document = EvidenceDocument(centres: [centre], facilitators: [leader], programmes: [stored],
                                            sessions: ProgrammeSetUp.plannedSessions(of: stored, lead: leader.id, dates: dates))
            for problem in EvidenceValidator.problems(in: document, today: nil) where problems[problem.field] == nil {
                problems[problem.field] = problem.message
            }
            guard problems.isEmpty else { throw FormProblems("programme", problems) }
            try await EvidenceStore.add(document, now: now, by: user, on: db)
            try await ActivityLog.record(.create, kind: "programme", code: stored.id, programme: stored.id,
                                         summary: "Set up programme \(stored.id) with \(document.sessions.count) planned sessions", by: user, at: now, on: db)
            return stored
        }
    }

    /// The codes of a centre's programmes.
    static func codes(ofCentre centre: String, on database: any Database) async throws -> Set<String> {
        Set(try await RawSQL.rows("SELECT \"p\".\"code\" FROM \"programmes\" AS \"p\" JOIN \"centres\" AS \"c\" ON \"c\".\"id\" = \"p\".\"centre_id\""
                                  + " WHERE \"c\".\"code\" = ?", [.text(centre)], on: database) { $0.text(0) ?? "" })
    }

    /// What becomes of a planned session: another date, or cancelled with a reason.
    public enum Change: Sendable, Equatable {
        case move(to: CalendarDate)
        case cancel(reason: String)
    }

    /// Moves or cancels session `number` of `programme`, a session still planned (not held): a
    /// move to a day before `today` is refused. Its pending reminders are planned again from
    /// the new date; a cancelled session's are never sent (`ReminderDecision`). Refused by field
    /// (`FormProblems`: "date", "reason"), changing nothing.
    public static func change(session number: Int, of programme: String, _ change: Change, today: CalendarDate, now: Date,
                              on database: any Database) async throws {
        let record = "session \(number) of programme \(programme)"
        try await database.writeTransaction { db in
            let found = try await RawSQL.rows(
                "SELECT \"s\".\"id\", \"s\".\"planned\", \"s\".\"cancelled\", \"s\".\"code\" FROM \"sessions\" AS \"s\" JOIN \"programmes\" AS \"p\""
                    + " ON \"p\".\"id\" = \"s\".\"programme_id\" WHERE \"p\".\"code\" = ? AND \"s\".\"number\" = ?",
                [.text(programme), .int(number)], on: db) { row in (id: row.text(0) ?? "", planned: row.bool(1) ?? false, cancelled: row.bool(2) ?? false, code: row.text(3) ?? "") }
            guard let session = found.first else { throw FormProblems(record, ["date": "There is no session \(number) on the calendar."]) }
            let field = if case .cancel = change { "reason" } else { "date" }
            if session.cancelled { throw FormProblems(record, [field: "Session \(number) is cancelled already."]) }
            if !session.planned { throw FormProblems(record, [field: "Session \(number) was held; correct its log instead."]) }
            switch change {
            case .move(let date):
                guard date >= today else { throw FormProblems(record, ["date": "\(date) is before today (\(today)); choose today or a later day."]) }
                try await RawSQL.execute("UPDATE \"sessions\" SET \"date\" = ? WHERE \"id\" = ?", [.text(date.description), .rowID(session.id)], on: db)
                // Reminders not yet sent are planned again for the new date and time.
                try await RawSQL.execute("DELETE FROM \"reminders\" WHERE \"session_id\" = ? AND \"status\" = ?",
                                         [.rowID(session.id), .text(ReminderStatus.pending.rawValue)], on: db)
                try await ReminderOutbox.refresh(programmes: [programme], now: now, on: db)
                // Those already reminded of the old day are told the new one.
                try await ReminderOutbox.remindOfMove(session: session.code, programme: programme, now: now, on: db)
                try await ActivityLog.record(.change, kind: "session", code: session.code, programme: programme,
                                             summary: "Moved session \(number) of \(programme) to \(date)", at: now, on: db)
            case .cancel(let reason):
                let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
                if reason.isEmpty { throw FormProblems(record, ["reason": "Say why it is cancelled, in plain words."]) }
                if let problem = FreeText.problem(reason) { throw FormProblems(record, ["reason": problem]) }
                try await RawSQL.execute("UPDATE \"sessions\" SET \"cancelled\" = ?, \"cancelled_reason\" = ? WHERE \"id\" = ?",
                                         [.bool(true), .text(reason), .rowID(session.id)], on: db)
                try await ActivityLog.record(.change, kind: "session", code: session.code, programme: programme,
                                             summary: "Cancelled session \(number) of \(programme)", details: ActivityDetails(reason: reason), at: now, on: db)
            }
            try await ProfileStore.refresh(programmes: [programme], on: db)
        }
    }

    /// The programmes of `centres` with a session still to come (from `today`), by name: those a
    /// mother can be invited to. Code and name.
    public static func open(atCentres centres: Set<String>, from today: CalendarDate, on database: any Database) async throws -> [(code: String, name: String)] {
        guard !centres.isEmpty else { return [] }
        return try await RawSQL.rows(
            "SELECT DISTINCT \"p\".\"code\", \"p\".\"name\" FROM \"programmes\" AS \"p\" JOIN \"centres\" AS \"c\" ON \"c\".\"id\" = \"p\".\"centre_id\""
                + " JOIN \"sessions\" AS \"s\" ON \"s\".\"programme_id\" = \"p\".\"id\""
                + " WHERE \"c\".\"code\" IN (\(RawSQL.placeholders(centres.count))) AND \"s\".\"date\" >= ? AND NOT \"s\".\"cancelled\""
                + " ORDER BY \"p\".\"name\", \"p\".\"code\"",
            centres.sorted().map { .text($0) } + [.text(today.description)], on: database) { (code: $0.text(0) ?? "", name: $0.text(1) ?? "") }
    }
}
