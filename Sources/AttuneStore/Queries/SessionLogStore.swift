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
    public static func save(_ log: SessionLog, today: CalendarDate, on database: any Database) async throws {
        let session = log.session
        let record = "session \(session.number) of programme \(session.programmeId)"
        try await database.writeTransaction { db in
            guard let programme = try await ProgrammeModel.query(on: db).filter(\.$code == session.programmeId).first() else {
                throw ReachInputError(record, field: "programme", "no programme has the id \(session.programmeId)")
            }
            // Two people saving one programme's sessions take turns from here (on PostgreSQL; on
            // SQLite all writers do): the first log of a session is stored once, and the profile
            // derived after it includes the other's.
            try await ProfileStore.lock(programmes: [session.programmeId], on: db)
            var problems: [String: String] = [:]
            if session.number < 1 || session.number > programme.plannedSessions {
                problems["number"] = "\(session.number) is outside 1-\(programme.plannedSessions), the programme's planned sessions"
            }
            if let date = session.date, date > today { problems["date"] = "\(date) is in the future; log a session on or after its day" }
            if session.date == nil { problems["date"] = "give the session's date (YYYY-MM-DD)" }
            let facilitators = try await FacilitatorModel.query(on: db).filter(\.$code ~~ session.facilitatorsPresent).all()
            if session.facilitatorsPresent.isEmpty { problems["facilitators_present"] = "tick at least one facilitator who was there" }
            if let unknown = Set(session.facilitatorsPresent).subtracting(facilitators.map(\.code)).sorted().first {
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
            let invitations = try await InvitationModel.query(on: db).filter(\.$programme.$id == programme.requireID()).with(\.$dyad).all()
            let enrolled = Dictionary(uniqueKeysWithValues: invitations
                .filter { EnrolmentStatus(rawValue: $0.status)?.consented == true }.map { ($0.dyad.code, $0.dyad) })
            for entry in log.register where enrolled[entry.dyadId] == nil {
                problems["attendance-\(entry.dyadId)"] = "dyad \(entry.dyadId) is not enrolled in this programme"
            }
            for entry in log.register where entry.status.attended && entry.absenceReason != nil {
                problems["reason-\(entry.dyadId)"] = "only an absence has a reason"
            }
            for entry in log.register {
                if let problem = FreeText.problem(entry.absenceReason ?? "") { problems["reason-\(entry.dyadId)"] = problem }
            }
            guard problems.isEmpty else { throw FormProblems(record, problems) }

            let existing = try await SessionModel.query(on: db).filter(\.$programme.$id == programme.requireID())
                .filter(\.$number == session.number).first()
            if existing?.cancelled == true { throw FormProblems(record, ["number": "this session was cancelled"]) }
            let facilitatorID = Dictionary(uniqueKeysWithValues: facilitators.map { ($0.code, $0.id!) })
            let sessionID = try existing?.requireID() ?? UUID()
            var stored = session
            stored.id = existing?.code ?? "\(session.programmeId)-S\(session.number)"
            // Every column as the session's definition lists them (`EvidenceRows.sessionColumns`).
            let row = EvidenceRows.row(stored, id: sessionID, programmeID: try programme.requireID(),
                                       leadID: session.leadFacilitatorId.flatMap { facilitatorID[$0] })
            if existing != nil {
                let changed = Array(zip(EvidenceRows.sessionColumns, row).filter { $0.0 != "id" && $0.0 != "code" })
                try await RawSQL.execute("UPDATE \(RawSQL.quoted(SessionModel.schema)) SET "
                                         + changed.map { "\(RawSQL.quoted($0.0)) = ?" }.joined(separator: ", ") + " WHERE \"id\" = ?",
                                         changed.map(\.1) + [.uuid(sessionID)], on: db)
                try await SessionFacilitatorModel.query(on: db).filter(\.$session.$id == sessionID).delete()
            } else {
                try await RawSQL.insert(into: SessionModel.schema, columns: EvidenceRows.sessionColumns, rows: [row], on: db)
            }
            for (position, code) in session.facilitatorsPresent.enumerated() {
                try await SessionFacilitatorModel(sessionID: sessionID, facilitatorID: facilitatorID[code]!, position: position).create(on: db)
            }
            for entry in log.register {
                let dyadID = try enrolled[entry.dyadId]!.requireID()
                try await AttendanceModel.query(on: db).filter(\.$dyad.$id == dyadID).filter(\.$session.$id == sessionID).delete()
                let attendance = AttendanceModel()
                attendance.$dyad.id = dyadID
                attendance.$session.id = sessionID
                attendance.status = entry.status.rawValue
                attendance.absenceReason = entry.absenceReason
                try await attendance.create(on: db)
            }
            try await ProfileStore.refresh(programmes: [session.programmeId], on: db)
        }
    }
}
