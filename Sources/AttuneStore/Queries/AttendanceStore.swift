import AttuneCore
import FluentKit
import Foundation

/// The attendance register of one session, and cancelling a session.
public enum AttendanceStore {
    /// Records (or corrects) the register for `session`: every entry or none. Only dyads who
    /// said yes to the session's programme can be on its register, and only once the session's
    /// day has come.
    public static func record(session code: String, entries: [Attendance], today: CalendarDate,
                              database: any Database) async throws {
        let record = "register of session \(code)"
        var seen = Set<String>()
        for entry in entries where !seen.insert(entry.dyadId).inserted {
            throw ReachInputError(record, field: "dyad", "dyad \(entry.dyadId) is on the register twice")
        }
        for entry in entries where entry.status.attended && entry.absenceReason != nil {
            throw ReachInputError(record, field: "absence_reason", "dyad \(entry.dyadId) is \(entry.status.rawValue), so has no absence reason")
        }
        for entry in entries {
            if let problem = FreeText.problem(entry.absenceReason ?? "") {
                throw ReachInputError(record, field: "absence_reason", "dyad \(entry.dyadId): \(problem)")
            }
        }
        try await database.writeTransaction { db in
            guard let session = try await SessionModel.query(on: db).filter(\.$code == code).first() else {
                throw ReachInputError(record, field: "session", "no session has the id \(code)")
            }
            if session.cancelled {
                throw ReachInputError(record, field: "session", "session \(code) was cancelled; it takes no attendance")
            }
            if let date = session.date.flatMap(CalendarDate.init), date > today {
                throw ReachInputError(record, field: "session", "session \(code) is on \(date), which has not come yet")
            }
            let programmeID = session.$programme.id
            for entry in entries {
                guard let dyad = try await DyadModel.query(on: db).filter(\.$code == entry.dyadId).first() else {
                    throw ReachInputError(record, field: "dyad", "no dyad has the id \(entry.dyadId)")
                }
                let invitation = try await InvitationModel.query(on: db).filter(\.$dyad.$id == dyad.requireID())
                    .filter(\.$programme.$id == programmeID).first()
                guard let invitation, EnrolmentStatus(rawValue: invitation.status)?.consented == true else {
                    throw ReachInputError(record, field: "dyad", "dyad \(entry.dyadId) is not enrolled in this session's programme")
                }
                try await AttendanceModel.query(on: db).filter(\.$dyad.$id == dyad.requireID())
                    .filter(\.$session.$id == session.requireID()).delete()
                let model = AttendanceModel()
                model.$dyad.id = try dyad.requireID()
                model.$session.id = try session.requireID()
                model.status = entry.status.rawValue
                model.absenceReason = entry.absenceReason
                try await model.create(on: db)
            }
            try await ActivityLog.record(.change, kind: "session", code: code, summary: "Attendance of \(entries.count) at session \(code) recorded", on: db)
            try await ProfileStore.refresh(programmeRowIDs: [programmeID], on: db)
        }
    }

    /// Cancels a session: its reminders will not be sent and it takes no attendance.
    public static func cancel(session code: String, database: any Database) async throws {
        try await database.writeTransaction { db in
            guard let session = try await SessionModel.query(on: db).filter(\.$code == code).first() else {
                throw ReachInputError("session \(code)", field: "session", "no session has the id \(code)")
            }
            guard try await AttendanceModel.query(on: db).filter(\.$session.$id == session.requireID()).count() == 0 else {
                throw ReachInputError("session \(code)", field: "session", "attendance is already recorded; a session that took place cannot be cancelled")
            }
            session.cancelled = true
            try await session.update(on: db)
            try await ProfileStore.refresh(programmeRowIDs: [session.$programme.id], on: db)
        }
    }
}
