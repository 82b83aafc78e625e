import AttuneCore
import FluentKit
import Foundation

/// One session's log as a facilitator fills it in on a tablet: the session record and its
/// attendance register, saved together or not at all.
public struct SessionLog: Sendable {
    public var session: Session
    public var register: [Attendance]

    public init(session: Session, register: [Attendance]) {
        self.session = session
        self.register = register
    }
}

public enum SessionLogStore {
    /// Creates or replaces the session `number` of `programme` and its register. Every problem is
    /// reported at once, by form field; on any problem nothing is written.
    /// Changing a held session's log on a later day than the session's is a correction: it
    /// needs a `reason`, and each field it changes is kept with its old value, who (`user`) and
    /// when (`now`) (`ChangeStore`). A log saved again on its session's day is still being
    /// written, and keeps no history (that is most saves, and it keeps them quick).
    public static func save(_ log: SessionLog, today: CalendarDate, by user: String = "import", reason: String? = nil, now: Date = Date(),
                            on database: any Database) async throws {
        let session = log.session
        let record = "session \(session.number) of programme \(session.programmeId)"
        // Every read and write names only the columns it needs, in as few statements as it can:
        // on SQLite writers take turns, so each statement here is a wait for every other saver.
        // Saves of logs commit together (`GroupCommit`): on SQLite those waiting for the
        // writers' queue, on PostgreSQL those of one programme waiting for its lock.
        try await database.writeTransaction(groupedBy: session.programmeId) { db in
            let read = try await SaveRead.read(session, on: db)
            guard let programme = read.programme else {
                throw ReachInputError(record, field: "programme", "no programme has the id \(session.programmeId)")
            }
            let (programmeID, plannedSessions, existing) = (programme.id, programme.plannedSessions, programme.session)
            // Two people saving one programme's sessions take turns from here (on PostgreSQL; on
            // SQLite all writers do): the first log of a session is stored once, and the profile
            // derived after it includes the other's.
            try await ProfileStore.lock(programmes: [session.programmeId], on: db)
            var problems: [String: String] = [:]
            if session.number < 1 || session.number > plannedSessions {
                problems["number"] = "\(session.number) is outside 1-\(plannedSessions), the programme's planned sessions"
            }
            if let date = session.date, date > today { problems["date"] = "\(date) is in the future; log a session on or after its day" }
            if session.date == nil { problems["date"] = "give the session's date (YYYY-MM-DD)" }
            let present = Array(Set(session.facilitatorsPresent)).sorted()
            let facilitatorID = read.facilitatorIDs
            if session.facilitatorsPresent.isEmpty { problems["facilitators_present"] = "tick at least one facilitator who was there" }
            if let unknown = present.first(where: { facilitatorID[$0] == nil }) {
                problems["facilitators_present"] = "no facilitator has the id \(unknown)"
            }
            if let lead = session.leadFacilitatorId, !session.facilitatorsPresent.contains(lead) {
                problems["lead_facilitator_id"] = "the lead must be one of the facilitators present"
            } else if session.leadFacilitatorId == nil {
                problems["lead_facilitator_id"] = "choose who led the session"
            }
            // Ranges and free-text limits as the session's definition sets them; the form names a
            // field in a group by its own name ("social_minutes", not "content.social_minutes").
            EvidenceRecords.session.problems(in: session) { path, message in
                problems[String(path.split(separator: ".").last ?? Substring(path))] = message
            }
            // The register: only dyads who said yes to this programme.
            let enrolled = Dictionary(read.invited.filter { EnrolmentStatus(rawValue: $0.2)?.consented == true }.map { ($0.0, $0.1) },
                                      uniquingKeysWith: { first, _ in first })
            for entry in log.register where enrolled[entry.dyadId] == nil {
                problems["attendance-\(entry.dyadId)"] = "dyad \(entry.dyadId) is not enrolled in this programme"
            }
            for entry in log.register where entry.status.attended && entry.absenceReason != nil {
                problems["reason-\(entry.dyadId)"] = "only an absence has a reason"
            }
            for entry in log.register {
                if let problem = FreeText.problem(entry.absenceReason ?? "") { problems["reason-\(entry.dyadId)"] = problem }
            }
            let correcting = existing.map { !$0.planned && !$0.cancelled } == true && session.date.map { $0 < today } == true
            let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if correcting && reason.isEmpty {
                problems["correction_reason"] = "this session was held and logged; say why its log is corrected"
            } else if let problem = FreeText.problem(reason) {
                problems["correction_reason"] = problem
            }
            guard problems.isEmpty else { throw FormProblems(record, problems) }

            if existing?.cancelled == true { throw FormProblems(record, ["number": "this session was cancelled"]) }
            let sessionID = existing?.id ?? UUID().uuidString
            var stored = session
            stored.id = existing?.code ?? "\(session.programmeId)-S\(session.number)"
            func uuid(_ rowID: String) throws -> UUID {
                guard let uuid = UUID(uuidString: rowID) else { throw StoredDataError.invalidValue(record: record, field: "id", value: rowID) }
                return uuid
            }
            if correcting {
                try await keepCorrection(of: stored, register: log.register, reason: reason, by: user, at: now, on: db)
            } else {
                let first = existing.map(\.planned) ?? true
                try await ActivityLog.record(first ? .create : .change, kind: "session", code: stored.id, programme: session.programmeId,
                                             summary: "\(first ? "Logged" : "Saved again") session \(session.number) of \(session.programmeId)"
                                                 + " (register of \(log.register.count))", by: user, at: now, on: db)
            }
            // Every column as the session's definition lists them (`EvidenceRows.sessionColumns`).
            let row = EvidenceRows.row(stored, id: try uuid(sessionID), programmeID: try uuid(programmeID),
                                       leadID: try session.leadFacilitatorId.flatMap { facilitatorID[$0] }.map(uuid))
            if existing != nil {
                let changed = Array(zip(EvidenceRows.sessionColumns, row).filter { $0.0 != "id" && $0.0 != "code" })
                try await RawSQL.execute("UPDATE \(RawSQL.quoted(SessionModel.schema)) SET "
                                         + changed.map { "\(RawSQL.quoted($0.0)) = ?" }.joined(separator: ", ") + " WHERE \"id\" = ?",
                                         changed.map(\.1) + [.rowID(sessionID)], on: db)
            } else {
                try await RawSQL.insert(into: SessionModel.schema, columns: EvidenceRows.sessionColumns, rows: [row], on: db)
            }
            // Who was there, written again only when it changed (most saves of a log change a
            // check or a note, not the staff).
            if existing == nil || read.present != session.facilitatorsPresent {
                if existing != nil {
                    try await RawSQL.execute("DELETE FROM \(RawSQL.quoted(SessionFacilitatorModel.schema)) WHERE \"session_id\" = ?",
                                             [.rowID(sessionID)], on: db)
                }
                try await RawSQL.insert(into: SessionFacilitatorModel.schema, columns: EvidenceRows.sessionFacilitatorColumns,
                                        rows: session.facilitatorsPresent.enumerated().compactMap { position, code in
                                            facilitatorID[code].map { [.uuid(UUID()), .rowID(sessionID), .rowID($0), .int(position)] }
                                        }, on: db)
            }
            // The register replaces what was recorded for the dyads it names.
            let registered = log.register.compactMap { entry in enrolled[entry.dyadId].map { (entry, $0) } }
            if !registered.isEmpty {
                try await RawSQL.execute("DELETE FROM \(RawSQL.quoted(AttendanceModel.schema)) WHERE \"session_id\" = ?"
                                         + " AND \"dyad_id\" IN (\(RawSQL.placeholders(registered.count)))",
                                         [.rowID(sessionID)] + registered.map { .rowID($0.1) }, on: db)
                let sessionUUID = try uuid(sessionID)
                try await RawSQL.insert(into: AttendanceModel.schema, columns: EvidenceRows.attendanceColumns, rows: try registered.map { entry, dyadID in
                    EvidenceRows.row(entry, id: UUID(), dyadID: try uuid(dyadID), sessionID: sessionUUID)
                }, on: db)
            }
            try await ProfileStore.refresh(programmes: [session.programmeId], on: db)
        }
    }
}

extension SessionLogStore {
    /// Keeps what a correction changes in a held session's log: each field of the session, and
    /// each mother's attendance the register names, old value and new. Each mother's change is
    /// an entry of its own, naming her: it may hold her reason for an absence, which an erasure
    /// of her record removes.
    static func keepCorrection(of session: Session, register: [Attendance], reason: String, by user: String, at now: Date,
                               on db: any Database) async throws {
        let before = try await EvidenceStore.load(includingMeasures: false, includingDyads: false, programmes: [session.programmeId], on: db)
        guard let old = before.sessions.first(where: { $0.programmeId == session.programmeId && $0.number == session.number }) else { return }
        let changes = EvidenceRecords.session.changes(from: old, to: session)
        let wasRegistered = Dictionary(before.attendance.filter { $0.sessionId == old.id }.map { ($0.dyadId, $0) }, uniquingKeysWith: { a, _ in a })
        func words(_ entry: Attendance?) -> String {
            guard let entry else { return RecordChange.notRecorded }
            return entry.status.rawValue + (entry.absenceReason.map { " (\($0))" } ?? "")
        }
        try await ChangeStore.keep(changes, kind: "session", code: old.id, programme: session.programmeId, reason: reason, by: user, at: now, on: db)
        for entry in register where words(wasRegistered[entry.dyadId]) != words(entry) {
            let change = RecordChange(field: "attendance.\(entry.dyadId)", label: "Attendance of \(entry.dyadId)",
                                      old: words(wasRegistered[entry.dyadId]), new: words(entry))
            try await ChangeStore.keep([change], kind: "session", code: old.id, programme: session.programmeId, dyad: entry.dyadId,
                                       reason: reason, by: user, at: now, on: db)
        }
    }
}

/// What saving a session's log checks, read in one statement: on SQLite writers take turns, and
/// each statement in a write costs every saver behind it three thread hops (BENCHMARKS.md), more
/// than the reading itself. Each part of the read is a branch of a `UNION ALL`, its rows told
/// apart by their first column: kind, code, row id, the session's row id, a number (planned
/// sessions or position), cancelled, status (or 'planned' for a planned session).
struct SaveRead {
    struct ProgrammeRow {
        let id: String
        let plannedSessions: Int
        /// The session of this number when it is stored already.
        let session: (id: String, code: String, cancelled: Bool, planned: Bool)?
    }

    var programme: ProgrammeRow?
    /// The facilitators the log names, by code (row ids).
    var facilitatorIDs: [String: String] = [:]
    /// The programme's invitations: dyad code, dyad row id, status.
    var invited: [(code: String, id: String, status: String)] = []
    /// The stored session's facilitators present, in their order.
    var present: [String] = []

    static func read(_ session: Session, on db: any Database) async throws -> SaveRead {
        let thisProgramme = "\"p\".\"code\" = ?"
        var sql = "SELECT 'programme', \"s\".\"code\", \"p\".\"id\", \"s\".\"id\", \"p\".\"planned_sessions\", \"s\".\"cancelled\","
            + " CASE WHEN \"s\".\"planned\" THEN 'planned' ELSE NULL END"
            + " FROM \"programmes\" AS \"p\" LEFT JOIN \"sessions\" AS \"s\" ON \"s\".\"programme_id\" = \"p\".\"id\" AND \"s\".\"number\" = ?"
            + " WHERE " + thisProgramme
            + " UNION ALL SELECT 'invited', \"d\".\"code\", \"d\".\"id\", NULL, NULL, NULL, \"i\".\"status\" FROM \"invitations\" AS \"i\""
            + " JOIN \"dyads\" AS \"d\" ON \"d\".\"id\" = \"i\".\"dyad_id\" JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"i\".\"programme_id\""
            + " WHERE " + thisProgramme
            + " UNION ALL SELECT 'present', \"f\".\"code\", \"f\".\"id\", NULL, \"sf\".\"position\", NULL, NULL FROM \"session_facilitators\" AS \"sf\""
            + " JOIN \"facilitators\" AS \"f\" ON \"f\".\"id\" = \"sf\".\"facilitator_id\" JOIN \"sessions\" AS \"s\" ON \"s\".\"id\" = \"sf\".\"session_id\""
            + " JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"s\".\"programme_id\" WHERE \"s\".\"number\" = ? AND " + thisProgramme
        var binds: [SQLValue] = [.int(session.number), .text(session.programmeId), .text(session.programmeId),
                                 .int(session.number), .text(session.programmeId)]
        let named = Array(Set(session.facilitatorsPresent)).sorted()
        if !named.isEmpty {
            sql += " UNION ALL SELECT 'facilitator', \"code\", \"id\", NULL, NULL, NULL, NULL FROM \"facilitators\""
                + " WHERE \"code\" IN (\(RawSQL.placeholders(named.count)))"
            binds += named.map { .text($0) }
        }
        var read = SaveRead()
        var present: [(String, Int)] = []
        for row in try await RawSQL.rows(sql, binds, on: db, { $0 }) {
            let code = row.text(1) ?? "", id = row.text(2) ?? ""
            switch row.text(0) {
            case "programme":
                read.programme = ProgrammeRow(id: id, plannedSessions: row.int(4) ?? 0,
                                              session: row.text(3).map { (id: $0, code: code, cancelled: row.bool(5) ?? false,
                                                                           planned: row.text(6) == "planned") })
            case "invited": read.invited.append((code, id, row.text(6) ?? ""))
            case "present": present.append((code, row.int(4) ?? 0))
            case "facilitator": read.facilitatorIDs[code] = read.facilitatorIDs[code] ?? id
            default: break
            }
        }
        read.present = present.sorted { $0.1 < $1.1 }.map(\.0)
        return read
    }
}
