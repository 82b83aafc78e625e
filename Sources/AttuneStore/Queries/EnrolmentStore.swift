import AttuneCore
import FluentKit
import Foundation
import SQLKit

/// Invitations and their answers: invite, enrol (consent and a place), decline, withdraw,
/// complete. Each call is one transaction.
public enum EnrolmentStore {
    public static func invite(dyad: String, programme: String, mode: InvitationMode, facilitator: String? = nil,
                              practitioner: String? = nil, on date: CalendarDate, database: any Database) async throws -> Invitation {
        let record = "invitation of dyad \(dyad) to programme \(programme)"
        if mode.isPersonal && facilitator == nil && (practitioner ?? "").isEmpty {
            throw ReachInputError(record, field: "invited_by", "a personal invitation (\(mode.rawValue)) needs the practitioner who made it")
        }
        return try await database.writeTransaction { db in
            let (dyadModel, programmeModel) = try await find(dyad: dyad, programme: programme, record: record, on: db)
            if try await Erasure.erasedAt(dyad: dyad, on: db) != nil {
                throw ReachInputError(record, field: "dyad", "her record was erased at her request; she is not invited again under it")
            }
            if let existing = try await InvitationModel.query(on: db).filter(\.$dyad.$id == dyadModel.requireID())
                .filter(\.$programme.$id == programmeModel.requireID()).first() {
                throw ReachInputError(record, field: "dyad", "dyad \(dyad) is already invited to programme \(programme) (\(existing.status))")
            }
            var facilitatorID: UUID?
            if let facilitator {
                guard let model = try await FacilitatorModel.query(on: db).filter(\.$code == facilitator).first() else {
                    throw ReachInputError(record, field: "invited_by", "no facilitator has the id \(facilitator)")
                }
                facilitatorID = model.id
            }
            let model = InvitationModel()
            // One invitation per dyad and programme, so this id is unique.
            model.code = "I-\(programme)-\(dyad)"
            model.$dyad.id = try dyadModel.requireID()
            model.$programme.id = try programmeModel.requireID()
            model.$invitedByFacilitator.id = facilitatorID
            model.invitedByPractitioner = practitioner
            model.mode = mode.rawValue
            model.date = date.description
            model.status = EnrolmentStatus.invited.rawValue
            try await model.create(on: db)
            try await ActivityLog.record(.create, kind: "invitation", code: model.code, dyad: dyad, programme: programme,
                                         summary: "Invited \(dyad) to \(programme) (\(mode.rawValue))", on: db)
            try await ProfileStore.refresh(programmes: [programme], on: db)
            return try EvidenceStore.invitation(model, dyadCode: dyad, programmeCode: programme, facilitatorCode: facilitator)
        }
    }

    /// She says yes: consent is recorded and a place reserved. The programme row is written
    /// first, which locks it (a row lock on PostgreSQL, the write lock on SQLite), so two
    /// people giving away the last place at once cannot both succeed.
    /// When every place is taken she is refused, or with `waitingIfFull` put on the
    /// programme's waiting list (`waiting`, from `date`), to be offered the first place freed.
    @discardableResult
    public static func enrol(dyad: String, programme: String, on date: CalendarDate, waitingIfFull: Bool = false,
                             database: any Database) async throws -> Invitation {
        let record = "enrolment of dyad \(dyad) in programme \(programme)"
        return try await database.writeTransaction { db in
            let programmeModel = try await lockProgramme(programme, record: record, on: db)
            let invitation = try await invitationOf(dyad: dyad, programme: programmeModel, record: record, on: db)
            let status = try EvidenceStore.decode(EnrolmentStatus.self, invitation.status, record, "status")
            switch status {
            case .enrolled: throw ReachInputError(record, field: "status", "she already holds a place")
            case .completed: throw ReachInputError(record, field: "status", "she has completed the programme")
            case .invited, .declined, .withdrawn, .waiting: break
            }
            // A place, or (every place taken) the waiting list from the day she said yes. A
            // place freed while others wait is the first waiting mother's: anyone else joins
            // the list behind her (or is refused, when not asked to wait).
            var answer = EnrolmentStatus.enrolled
            if let limit = programmeModel.placeLimit {
                let taken = try await InvitationModel.query(on: db).filter(\.$programme.$id == programmeModel.requireID())
                    .filter(\.$status == EnrolmentStatus.enrolled.rawValue).count()
                let first = try await firstWaiting(programme: programmeModel, on: db)
                if taken >= limit {
                    guard waitingIfFull && status != .waiting else {
                        throw ReachInputError(record, field: "place", "all \(limit) places are taken; withdraw someone or raise the place limit")
                    }
                    answer = .waiting
                } else if let first, first.code != invitation.code {
                    guard waitingIfFull && status != .waiting else {
                        throw ReachInputError(record, field: "place", "a place is free, but \(first.dyad) is first on the waiting list (since \(first.since)): offer it to her first")
                    }
                    answer = .waiting
                }
            }
            invitation.status = answer.rawValue
            invitation.consentDate = date.description
            invitation.closedDate = nil
            invitation.closedReason = nil
            try await invitation.update(on: db)
            try await ActivityLog.record(.change, kind: "invitation", code: invitation.code, dyad: dyad, programme: programme,
                                         summary: "\(dyad) in \(programme): \(status.rawValue) → \(answer.rawValue)", on: db)
            // Her reminders, planned as she takes her place (the server's rounds would, within a minute).
            // (From the start of the day she said yes: planning reads only which sessions are still to come.)
            if answer == .enrolled {
                try await ReminderOutbox.refresh(programmes: [programme], now: LocalClock.london.instant(date, ClockTime(hour: 0, minute: 0)!), on: db)
            }
            try await ProfileStore.refresh(programmes: [programme], on: db)
            return try EvidenceStore.invitation(invitation, dyadCode: dyad, programmeCode: programme, facilitatorCode: nil)
        }
    }

    /// Declining (before taking a place) or withdrawing (after): both need a reason.
    @discardableResult
    public static func close(dyad: String, programme: String, as status: EnrolmentStatus, reason: String?,
                             on date: CalendarDate, database: any Database) async throws -> Invitation {
        let record = "\(status == .completed ? "completion" : status.rawValue) of dyad \(dyad) from programme \(programme)"
        let allowedFrom: [EnrolmentStatus: Set<EnrolmentStatus>] = [
            .declined: [.invited, .waiting], .withdrawn: [.enrolled], .completed: [.enrolled],
        ]
        guard let from = allowedFrom[status] else {
            throw ReachInputError(record, field: "status", "use enrol for \(status.rawValue)")
        }
        if status != .completed && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ReachInputError(record, field: "reason", "give her reason in plain words (e.g. \"no bus fare\"), or \"not given\"")
        }
        return try await database.writeTransaction { db in
            let programmeModel = try await lockProgramme(programme, record: record, on: db)
            let invitation = try await invitationOf(dyad: dyad, programme: programmeModel, record: record, on: db)
            let current = try EvidenceStore.decode(EnrolmentStatus.self, invitation.status, record, "status")
            guard from.contains(current) else {
                let hint = status == .declined && current == .enrolled ? "; she holds a place, so withdraw her instead" : ""
                throw ReachInputError(record, field: "status", "she is \(current.rawValue); only \(from.map(\.rawValue).sorted().joined(separator: " or ")) can become \(status.rawValue)\(hint)")
            }
            invitation.status = status.rawValue
            if status != .completed {
                invitation.closedDate = date.description
            }
            // A completion may carry a note too ("came to all five"); a decline or withdrawal must.
            let note = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
            invitation.closedReason = note?.isEmpty == false ? note : nil
            try await invitation.update(on: db)
            try await ActivityLog.record(.change, kind: "invitation", code: invitation.code, dyad: dyad, programme: programme,
                                         summary: "\(dyad) in \(programme): \(current.rawValue) → \(status.rawValue)",
                                         details: reason.map { ActivityDetails(reason: $0) }, on: db)
            try await ProfileStore.refresh(programmes: [programme], on: db)
            return try EvidenceStore.invitation(invitation, dyadCode: dyad, programmeCode: programme, facilitatorCode: nil)
        }
    }

    // MARK: Helpers

    /// The invitation first on the programme's waiting list: the earliest to say yes (then by
    /// code), as the programme's page offers a freed place.
    static func firstWaiting(programme: ProgrammeModel, on db: any Database) async throws -> (code: String, dyad: String, since: String)? {
        try await RawSQL.rows("""
            SELECT "i"."code", "d"."code", "i"."consent_date" FROM "invitations" AS "i" JOIN "dyads" AS "d" ON "d"."id" = "i"."dyad_id"
            WHERE "i"."programme_id" = ? AND "i"."status" = ?
            """, [.uuid(try programme.requireID()), .text(EnrolmentStatus.waiting.rawValue)], on: db) {
            (code: $0.text(0) ?? "", dyad: $0.text(1) ?? "", since: $0.text(2) ?? "")
        }.min { ($0.since, $0.code) < ($1.since, $1.code) }
    }

    static func lockProgramme(_ code: String, record: String, on db: any Database) async throws -> ProgrammeModel {
        guard let sql = db as? any SQLDatabase else { fatalError("Attune's databases are SQL databases") }
        try await sql.raw("UPDATE programmes SET enrolment_version = enrolment_version + 1 WHERE code = \(bind: code)").run()
        guard let model = try await ProgrammeModel.query(on: db).filter(\.$code == code).first() else {
            throw ReachInputError(record, field: "programme", "no programme has the id \(code)")
        }
        return model
    }

    static func find(dyad: String, programme: String, record: String, on db: any Database) async throws -> (DyadModel, ProgrammeModel) {
        guard let dyadModel = try await DyadModel.query(on: db).filter(\.$code == dyad).first() else {
            throw ReachInputError(record, field: "dyad", "no dyad has the id \(dyad)")
        }
        guard let programmeModel = try await ProgrammeModel.query(on: db).filter(\.$code == programme).first() else {
            throw ReachInputError(record, field: "programme", "no programme has the id \(programme)")
        }
        return (dyadModel, programmeModel)
    }

    static func invitationOf(dyad: String, programme: ProgrammeModel, record: String, on db: any Database) async throws -> InvitationModel {
        guard let dyadModel = try await DyadModel.query(on: db).filter(\.$code == dyad).first() else {
            throw ReachInputError(record, field: "dyad", "no dyad has the id \(dyad)")
        }
        guard let invitation = try await InvitationModel.query(on: db).filter(\.$dyad.$id == dyadModel.requireID())
            .filter(\.$programme.$id == programme.requireID()).first() else {
            throw ReachInputError(record, field: "dyad", "dyad \(dyad) has not been invited to programme \(programme.code); invite her first")
        }
        return invitation
    }
}
