import AttuneCore
import FluentKit
import Foundation

/// Everything Attune holds about one mother and her baby, for her right of access (issue 26):
/// her registration and consents, invitations, attendance, measures with their scores, alerts
/// and what was done, follow-ups, reminders, every correction of her records, and who viewed or
/// changed them.
public struct SubjectAccess: Encodable, Sendable {
    public struct Measure: Encodable, Sendable {
        public let measure: RecordedMeasure
        public let scores: String
    }

    public struct Alert: Encodable, Sendable {
        public let kind: String, reason: String, dueBy: String, raisedAt: Date, raisedBy: String
        public let closedAt: Date?, closedBy: String?, actionTaken: String?
    }

    public struct Correction: Encodable, Sendable {
        public let record: String, field: String, old: String, new: String, reason: String, by: String, at: Date
    }

    public let generatedAt: Date
    public let dyad: Dyad
    public let invitations: [Invitation]
    public let attendance: [Attendance]
    public let measures: [Measure]
    public let alerts: [Alert]
    public let followUps: [FollowUpAction]
    public let reminders: [OutboxEntry]
    public let corrections: [Correction]
    /// Who viewed, changed or exported her record, and when (the activity log).
    public let activity: [ActivityEntry]

    /// Her record as held now; refused (`ReachInputError`, field "dyad") for a code no mother has.
    public static func gather(dyad code: String, now: Date, on db: any Database) async throws -> SubjectAccess {
        guard let dyad = try await DyadStore.find(code: code, on: db) else {
            throw ReachInputError("subject access", field: "dyad", "no mother and baby have the code \(code)")
        }
        let programmes = Set(try await EvidenceStore.programmes(ofDyad: code, on: db).keys)
        let document = programmes.isEmpty ? EvidenceDocument() : try await EvidenceStore.load(programmes: programmes, on: db)
        let measures = document.measurements.filter { $0.dyadId == code }.map { measure in
            Measure(measure: measure, scores: (try? measure.score().summary) ?? "could not be scored")
        }
        let alerts = try await AlertStore.all(dyads: [code], on: db).map { alert in
            Alert(kind: alert.kind.rawValue, reason: alert.reason, dueBy: alert.dueBy.description, raisedAt: alert.raisedAt, raisedBy: alert.raisedBy,
                  closedAt: alert.closedAt, closedBy: alert.closedBy, actionTaken: alert.actionTaken)
        }
        // Corrections of her registration and measures, and of the logs of sessions she was registered at.
        var changes = try await ChangeStore.history(kind: "dyad", code: code, on: db)
        for session in Set(document.attendance.filter { $0.dyadId == code }.map(\.sessionId)) {
            changes += try await ChangeStore.history(kind: "session", code: session, on: db).filter { $0.change.field == "attendance.\(code)" }
        }
        return SubjectAccess(
            generatedAt: now, dyad: dyad, invitations: document.invitations.filter { $0.dyadId == code },
            attendance: document.attendance.filter { $0.dyadId == code }, measures: measures, alerts: alerts,
            followUps: try await ReachStore.followUps(dyad: code, on: db),
            reminders: try await ReminderOutbox.entries(dyad: code, on: db),
            corrections: changes.map { Correction(record: "\($0.kind) \($0.code)", field: $0.change.label, old: $0.change.old, new: $0.change.new,
                                                  reason: $0.reason, by: $0.changedBy, at: $0.changedAt) },
            activity: try await ActivityLog.search(.init(dyad: code), on: db))
    }

    /// As JSON: snake_case keys, ISO 8601 times, sorted keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
