import AttuneCore
import FluentKit
import Foundation
import SQLKit

/// A reminder as the outbox holds it, with the codes a person reads.
public struct OutboxEntry: Codable, Equatable, Sendable {
    public let key: String
    public let programmeId: String
    public let sessionId: String
    public let dyadId: String
    public let daysBefore: Int
    public let channel: ReminderChannel
    public let address: String
    public let message: String
    public let dueAt: Date
    public let sessionStartsAt: Date
    public let status: ReminderStatus
    public let attempts: Int
    public let finishedAt: Date?
    public let note: String?
}

/// pending: waiting for its time (or its next try); sending: claimed by a runner; sent: the
/// gateway accepted it; listed: on the facilitator's call list or the printed list; skipped:
/// no longer wanted (with the reason); failed: gave up after retries; unconfirmed: a runner
/// stopped while sending it, so whether it went is unknown (never resent automatically).
public enum ReminderStatus: String, Codable, CaseIterable, Sendable {
    case pending, sending, sent, listed, skipped, failed, unconfirmed
}

/// The reminder outbox: planning into it, and reading it.
public enum ReminderOutbox {
    /// Plans the reminders of the given programmes (all with a session from `today` on, when
    /// nil) and adds those not yet in the outbox. Safe to run twice or from two runners at
    /// once: the unique key makes each insertion happen once.
    @discardableResult
    public static func refresh(programmes codes: [String]? = nil, now: Date, clock: LocalClock = .london,
                               on database: any Database) async throws -> [ReminderProblem] {
        let evidence = try await ReachQueries.planningEvidence(programmes: codes, from: clock.date(of: now), on: database)
        let planner = ReminderPlanner(clock: clock)
        var problems: [ReminderProblem] = []
        var planned: [PlannedReminder] = []
        for programme in evidence.document.programmes {
            let plan = planner.plan(programme: programme, centreName: evidence.centreNames[programme.centreId] ?? programme.centreId,
                                    sessions: evidence.sessions[programme.id] ?? [], invitations: evidence.invitations[programme.id] ?? [],
                                    dyads: evidence.dyads, facilitatorNames: evidence.facilitatorNames)
            planned += plan.reminders
            problems += plan.problems
        }
        guard !planned.isEmpty else { return problems }
        let existing = Set(try await ReminderModel.query(on: database).filter(\.$key ~~ planned.map(\.key)).all(\.$key))
        let missing = planned.filter { !existing.contains($0.key) }
        try await insert(missing, evidence: evidence, on: database)
        return problems
    }

    /// After session `code` of `programme` moved: each mother already reminded of it (sent, on a
    /// list, or perhaps sent) is told its new day by a reminder due now, once for each new day.
    /// Reminders not yet sent are planned again for the new day by the move itself.
    static func remindOfMove(session code: String, programme: String, now: Date, clock: LocalClock = .london,
                             on db: any Database) async throws {
        let toldBy: [ReminderStatus] = [.sending, .sent, .listed, .unconfirmed]
        let reminded = Set(try await RawSQL.rows("""
            SELECT DISTINCT "d"."code" FROM "reminders" AS "r" JOIN "sessions" AS "s" ON "s"."id" = "r"."session_id"
            JOIN "dyads" AS "d" ON "d"."id" = "r"."dyad_id" WHERE "s"."code" = ? AND "r"."status" IN (\(RawSQL.placeholders(toldBy.count)))
            """, [.text(code)] + toldBy.map { .text($0.rawValue) }, on: db) { $0.text(0) ?? "" })
        guard !reminded.isEmpty else { return }
        let evidence = try await ReachQueries.planningEvidence(programmes: [programme], from: clock.date(of: now), on: db)
        guard let planned = evidence.document.programmes.first,
              let session = evidence.sessions[programme]?.first(where: { $0.id == code }), let date = session.date else { return }
        let centreName = evidence.centreNames[planned.centreId] ?? planned.centreId
        let plan = ReminderPlanner(clock: clock).plan(programme: planned, centreName: centreName, sessions: evidence.sessions[programme] ?? [],
                                                      invitations: evidence.invitations[programme] ?? [], dyads: evidence.dyads,
                                                      facilitatorNames: evidence.facilitatorNames)
        let told = reminded.sorted().compactMap { dyad -> PlannedReminder? in
            // Her channel and address as planned for the new day (none: she has no place now).
            guard let reminder = plan.reminders.first(where: { $0.sessionId == code && $0.dyadId == dyad }), now < reminder.sessionStartsAt else { return nil }
            let message = ReminderMessage.moved(motherName: evidence.dyads[dyad]?.motherName, inviter: reminder.inviter, centreName: centreName,
                                                programmeName: planned.name, when: clock.spoken(date, planned.sessionStartTime), venue: planned.venue)
            return reminder.tellingOfMove(to: date, message: message, at: now)
        }
        try await insert(told, evidence: evidence, on: db)
    }

    /// Adds `reminders` to the outbox as pending, each once: one already there by its key is left as it is.
    private static func insert(_ reminders: [PlannedReminder], evidence: PlanningEvidence, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { fatalError("Attune's databases are SQL databases") }
        // Batches keep each statement under the engines' parameter limits.
        for batch in stride(from: 0, to: reminders.count, by: 200).map({ Array(reminders[$0..<min($0 + 200, reminders.count)]) }) {
            var insert = sql.insert(into: ReminderModel.schema)
                .columns("id", "key", "programme_id", "session_id", "dyad_id", "days_before", "channel", "address", "message",
                         "due_at", "session_starts_at", "status", "attempts")
            for reminder in batch {
                insert = insert.values(
                    SQLBind(UUID()), SQLBind(reminder.key), SQLBind(evidence.programmeIDs[reminder.programmeId]!),
                    SQLBind(evidence.sessionIDs[reminder.sessionId]!), SQLBind(evidence.dyadIDs[reminder.dyadId]!),
                    SQLBind(reminder.daysBefore), SQLBind(reminder.channel.rawValue), SQLBind(reminder.address),
                    SQLBind(reminder.message), SQLBind(reminder.dueAt.timeIntervalSince1970),
                    SQLBind(reminder.sessionStartsAt.timeIntervalSince1970), SQLBind(ReminderStatus.pending.rawValue), SQLBind(0))
            }
            try await insert.ignoringConflicts(with: ["key"]).run()
        }
    }

    /// A reminder a facilitator asks for now, outside the schedule (one per session and dyad).
    /// Refused for a session that has started or was cancelled, a dyad not enrolled, and a
    /// channel she has no contact for; nothing is stored then.
    public static func addManual(session code: String, dyad: String, now: Date, clock: LocalClock = .london,
                                 on database: any Database) async throws -> OutboxEntry {
        let record = "reminder for dyad \(dyad) at session \(code)"
        guard let sessionModel = try await SessionModel.query(on: database).filter(\.$code == code).with(\.$programme).first() else {
            throw ReachInputError(record, field: "session", "no session has the id \(code)")
        }
        if sessionModel.cancelled { throw ReachInputError(record, field: "session", "session \(code) was cancelled") }
        let evidence = try await ReachQueries.planningEvidence(programmes: [sessionModel.programme.code], from: clock.date(of: now), on: database)
        guard let programme = evidence.document.programmes.first else { throw ReachInputError(record, field: "session", "no programme") }
        let plan = ReminderPlanner(clock: clock).plan(
            programme: programme, centreName: evidence.centreNames[programme.centreId] ?? programme.centreId,
            sessions: evidence.sessions[programme.id] ?? [], invitations: evidence.invitations[programme.id] ?? [],
            dyads: evidence.dyads, facilitatorNames: evidence.facilitatorNames)
        if let problem = plan.problems.first(where: { $0.dyadId == dyad }) {
            throw ReachInputError(record, field: "channel", problem.message)
        }
        guard let planned = plan.reminders.first(where: { $0.sessionId == code && $0.dyadId == dyad }) else {
            throw ReachInputError(record, field: "dyad", "dyad \(dyad) is not enrolled in programme \(programme.id), or the session has no date")
        }
        guard now < planned.sessionStartsAt else {
            throw ReachInputError(record, field: "session", "session \(code) started at \(clock.stamp(planned.sessionStartsAt)); a reminder can only be for a session still to come")
        }
        let key = "\(code)#\(dyad)#manual"
        guard try await ReminderModel.query(on: database).filter(\.$key == key).count() == 0 else {
            throw ReachInputError(record, field: "dyad", "she already has a reminder sent by hand for this session")
        }
        let model = ReminderModel()
        model.key = key
        model.$programme.id = try sessionModel.programme.requireID()
        model.$session.id = try sessionModel.requireID()
        model.$dyad.id = evidence.dyadIDs[dyad]!
        // Fewer days before than any scheduled reminder: when both are due, only this one goes.
        model.daysBefore = -1
        model.channel = planned.channel.rawValue
        model.address = planned.address
        model.message = planned.message
        model.dueAt = now.timeIntervalSince1970
        model.sessionStartsAt = planned.sessionStartsAt.timeIntervalSince1970
        model.status = ReminderStatus.pending.rawValue
        model.attempts = 0
        try await model.create(on: database)
        guard let entry = try await entries(dyad: dyad, on: database).first(where: { $0.key == key }) else {
            throw StoredDataError.invalidValue(record: record, field: "key", value: "\(key) not found after it was written")
        }
        return entry
    }

    /// The outbox, optionally for one programme (or several, or one dyad) and some statuses, in due order.
    /// Raw rows with the codes joined in: the dashboard reads this on every view.
    public static func entries(programme: String? = nil, programmes: Set<String>? = nil, dyad: String? = nil,
                               statuses: Set<ReminderStatus>? = nil, on database: any Database) async throws -> [OutboxEntry] {
        if let programme, try await RawSQL.rows("SELECT 1 FROM \"programmes\" WHERE \"code\" = ?", [.text(programme)], on: database, { _ in 1 }).isEmpty {
            throw ReachInputError("reminders", field: "programme", "no programme has the id \(programme)")
        }
        var wantedProgrammes = programmes
        if let programme { wantedProgrammes = (wantedProgrammes ?? [programme]).intersection([programme]) }
        let scope = RawSQL.CodeFilter(wantedProgrammes)
        if scope.matchesNothing { return [] }
        if let statuses, statuses.isEmpty { return [] }
        var conditions: [String] = [], binds = scope.binds
        if let programmeCondition = scope.condition(on: "\"p\".\"code\"") { conditions.append(programmeCondition) }
        if let dyad {
            conditions.append("\"d\".\"code\" = ?")
            binds.append(.text(dyad))
        }
        if let statuses {
            conditions.append("\"r\".\"status\" IN (\(RawSQL.placeholders(statuses.count)))")
            binds += statuses.map(\.rawValue).sorted().map { .text($0) }
        }
        let entries = try await RawSQL.rows("""
            SELECT "r"."key", "p"."code", "s"."code", "d"."code", "r"."days_before", "r"."channel", "r"."address", "r"."message",
                   "r"."due_at", "r"."session_starts_at", "r"."status", "r"."attempts", "r"."finished_at", "r"."note"
            FROM "reminders" AS "r" JOIN "programmes" AS "p" ON "p"."id" = "r"."programme_id"
            JOIN "sessions" AS "s" ON "s"."id" = "r"."session_id" JOIN "dyads" AS "d" ON "d"."id" = "r"."dyad_id"
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY "r"."due_at", "r"."key"
            """, binds, on: database) { row in
            let key = try row.required(0, "reminder", "key"), record = "reminder \(key)"
            guard let dueAt = row.double(8), let startsAt = row.double(9) else {
                throw StoredDataError.invalidValue(record: record, field: "due_at or session_starts_at", value: "NULL")
            }
            return OutboxEntry(
                key: key, programmeId: try row.required(1, record, "programme"), sessionId: try row.required(2, record, "session"),
                dyadId: try row.required(3, record, "dyad"), daysBefore: try row.requiredInt(4, record, "days_before"),
                channel: try row.decode(ReminderChannel.self, 5, record, "channel"), address: row.text(6) ?? "", message: row.text(7) ?? "",
                dueAt: Date(timeIntervalSince1970: dueAt), sessionStartsAt: Date(timeIntervalSince1970: startsAt),
                status: try row.decode(ReminderStatus.self, 10, record, "status"), attempts: try row.requiredInt(11, record, "attempts"),
                finishedAt: row.double(12).map(Date.init(timeIntervalSince1970:)), note: row.text(13))
        }
        return scope.keeping(entries, code: \.programmeId)
    }
}

/// What planning needs of the database: programmes with sessions still to come, their
/// sessions, invitations and dyads, and the names used in messages.
struct PlanningEvidence {
    var document = EvidenceDocument()
    var centreNames: [String: String] = [:]
    var facilitatorNames: [String: String] = [:]
    var sessions: [String: [Session]] = [:]
    var invitations: [String: [Invitation]] = [:]
    var dyads: [String: Dyad] = [:]
    var programmeIDs: [String: UUID] = [:]
    var sessionIDs: [String: UUID] = [:]
    var dyadIDs: [String: UUID] = [:]
}

enum ReachQueries {
    static func planningEvidence(programmes codes: [String]?, from today: CalendarDate, on db: any Database) async throws -> PlanningEvidence {
        var wanted: [String]
        if let codes {
            wanted = codes
        } else {
            // Dates are stored as YYYY-MM-DD, so text order is date order.
            wanted = try await RawSQL.rows("""
                SELECT DISTINCT "programmes"."code" FROM "programmes" JOIN "sessions" ON "sessions"."programme_id" = "programmes"."id"
                WHERE "sessions"."date" >= ?
                """, [.text(today.description)], on: db) { $0.text(0) ?? "" }
        }
        var evidence = PlanningEvidence()
        guard !wanted.isEmpty else { return evidence }
        let read = try await EvidenceStore.read(includingMeasures: false, programmes: Set(wanted), on: db)
        if codes != nil, let unknown = Set(wanted).subtracting(read.document.programmes.map(\.id)).sorted().first {
            throw ReachInputError("reminders", field: "programme", "no programme has the id \(unknown)")
        }
        evidence.document.programmes = read.document.programmes
        evidence.centreNames = Dictionary(read.document.centres.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        evidence.facilitatorNames = Dictionary(read.document.facilitators.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        evidence.sessions = Dictionary(grouping: read.document.sessions, by: \.programmeId)
        evidence.invitations = Dictionary(grouping: read.document.invitations, by: \.programmeId)
        evidence.dyads = Dictionary(read.document.dyads.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        evidence.programmeIDs = read.programmeIDs.compactMapValues(UUID.init(uuidString:))
        evidence.sessionIDs = read.sessionIDs.compactMapValues(UUID.init(uuidString:))
        evidence.dyadIDs = read.dyadIDs.compactMapValues(UUID.init(uuidString:))
        return evidence
    }
}

extension ReminderOutbox {
    /// A person settles a reminder whose sending is unknown (`unconfirmed`): it went (`sent`)
    /// or it did not (`failed`, which may then be sent again). Refused for any other status.
    public static func settle(key: String, ofProgramme programme: String, sent: Bool, by user: String, now: Date,
                              on database: any Database) async throws {
        try await change(key: key, ofProgramme: programme, from: .unconfirmed, on: database) { db, id in
            try await RawSQL.execute("UPDATE \"reminders\" SET \"status\" = ?, \"finished_at\" = ?, \"note\" = ? WHERE \"id\" = ?",
                                     [.text((sent ? ReminderStatus.sent : .failed).rawValue), .double(now.timeIntervalSince1970),
                                      .text("\(sent ? "confirmed sent" : "confirmed not sent") by \(user)"), .rowID(id)], on: db)
            try await ActivityLog.record(.change, kind: "reminder", code: key, programme: programme,
                                         summary: "Reminder \(key) \(sent ? "confirmed sent" : "confirmed not sent")", at: now, on: db)
        }
    }

    /// A failed reminder sent again by hand: back in the outbox, due now, for the next round of
    /// the server's sending (or `attune reminders run`); refused once its session has started.
    public static func retry(key: String, ofProgramme programme: String, by user: String, now: Date, on database: any Database) async throws {
        try await change(key: key, ofProgramme: programme, from: .failed, on: database) { db, id in
            try await RawSQL.execute("UPDATE \"reminders\" SET \"status\" = ?, \"next_attempt_at\" = ?, \"finished_at\" = NULL, \"note\" = ?"
                                     + " WHERE \"id\" = ? AND \"session_starts_at\" > ?",
                                     [.text(ReminderStatus.pending.rawValue), .double(now.timeIntervalSince1970), .text("sent again by \(user)"),
                                      .rowID(id), .double(now.timeIntervalSince1970)], on: db)
            let status = try await RawSQL.rows("SELECT \"status\" FROM \"reminders\" WHERE \"id\" = ?", [.rowID(id)], on: db) { $0.text(0) }.first ?? nil
            guard status == ReminderStatus.pending.rawValue else {
                throw ReachInputError("reminder \(key)", field: "status", "its session has started; a reminder can only be for a session still to come")
            }
            try await ActivityLog.record(.change, kind: "reminder", code: key, programme: programme, summary: "Reminder \(key) to be sent again", at: now, on: db)
        }
    }

    /// Runs `body` on the reminder `key` of `programme` while it has status `expected`, in one
    /// transaction; refused by field otherwise.
    private static func change(key: String, ofProgramme programme: String, from expected: ReminderStatus, on database: any Database,
                               _ body: @escaping @Sendable (any Database, String) async throws -> Void) async throws {
        try await database.writeTransaction { db in
            let found = try await RawSQL.rows("SELECT \"r\".\"id\", \"r\".\"status\" FROM \"reminders\" AS \"r\" JOIN \"programmes\" AS \"p\""
                                              + " ON \"p\".\"id\" = \"r\".\"programme_id\" WHERE \"r\".\"key\" = ? AND \"p\".\"code\" = ?",
                                              [.text(key), .text(programme)], on: db) { (id: $0.text(0) ?? "", status: $0.text(1) ?? "") }
            guard let reminder = found.first else { throw ReachInputError("reminder \(key)", field: "key", "no reminder of this programme has it") }
            guard reminder.status == expected.rawValue else {
                throw ReachInputError("reminder \(key)", field: "status", "it is \(reminder.status) now, not \(expected.rawValue)")
            }
            try await body(db, reminder.id)
        }
    }
}
