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
            if let temperature = session.roomTemperatureCelsius, !EvidenceValidator.temperatureRange.contains(temperature) {
                problems["room_temperature_celsius"] = "\(temperature) is outside 0-45 °C"
            }
            if !(0...100).contains(session.unregisteredDyadsPresent) {
                problems["unregistered_dyads_present"] = "\(session.unregisteredDyadsPresent) is outside 0-100"
            }
            if let minutes = session.content.socialMinutes, !(0...600).contains(minutes) {
                problems["social_minutes"] = "\(minutes) is outside 0-600"
            }
            if let problem = FreeText.problem(session.notes ?? "") { problems["notes"] = problem }
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
            let model = EvidenceStore.sessionModel(session, programmeID: try programme.requireID(),
                                                   leadID: session.leadFacilitatorId.flatMap { facilitatorID[$0] })
            if let existing {
                model.id = existing.id
                model.code = existing.code
                model.$id.exists = true
                try await model.update(on: db)
                try await SessionFacilitatorModel.query(on: db).filter(\.$session.$id == existing.requireID()).delete()
            } else {
                model.code = "\(session.programmeId)-S\(session.number)"
                try await model.create(on: db)
            }
            for (position, code) in session.facilitatorsPresent.enumerated() {
                try await SessionFacilitatorModel(sessionID: model.requireID(), facilitatorID: facilitatorID[code]!, position: position).create(on: db)
            }
            for entry in log.register {
                let dyadID = try enrolled[entry.dyadId]!.requireID()
                try await AttendanceModel.query(on: db).filter(\.$dyad.$id == dyadID).filter(\.$session.$id == model.requireID()).delete()
                let attendance = AttendanceModel()
                attendance.$dyad.id = dyadID
                attendance.$session.id = try model.requireID()
                attendance.status = entry.status.rawValue
                attendance.absenceReason = entry.absenceReason
                try await attendance.create(on: db)
            }
        }
    }
}
