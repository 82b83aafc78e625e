import AttuneCore
import FluentKit
import Foundation

/// Reach and missed opportunities from the database, with each dyad's reminder history and
/// the follow-up actions recorded for her.
public enum ReachStore {
    public static func report(completionShare: Double = ReachAnalysis.defaultCompletionShare, settings: MeasureSettings = .standard,
                              on database: any Database) async throws -> ReachReport {
        let document = try await EvidenceStore.load(on: database)
        var reminders: [String: [ReminderHistoryEntry]] = [:]
        for entry in try await ReminderOutbox.entries(on: database) {
            reminders["\(entry.dyadId)#\(entry.programmeId)", default: []].append(
                ReminderHistoryEntry(sessionId: entry.sessionId, channel: entry.channel, dueAt: entry.dueAt,
                                     status: entry.status.rawValue, note: entry.note))
        }
        let followUps = Dictionary(grouping: try await followUps(ofDyads: nil, on: database)) { "\($0.dyadId)#\($0.programmeId)" }
        return ReachReport(document: document, settings: settings, completionShare: completionShare,
                           reminders: reminders, followUps: followUps)
    }

    /// The follow-ups recorded for one dyad, oldest first.
    public static func followUps(dyad: String, on database: any Database) async throws -> [FollowUpAction] {
        try await followUps(ofDyads: [dyad], on: database)
    }

    /// The follow-ups recorded for these dyads (every dyad when nil), oldest first. Raw rows
    /// with the codes joined in.
    public static func followUps(ofDyads codes: Set<String>?, on database: any Database) async throws -> [FollowUpAction] {
        let scope = RawSQL.CodeFilter(codes)
        if scope.matchesNothing { return [] }
        let actions = try await RawSQL.rows("""
            SELECT "d"."code", "p"."code", "f"."action", "f"."recorded_by", "f"."recorded_at"
            FROM "follow_up_actions" AS "f" JOIN "dyads" AS "d" ON "d"."id" = "f"."dyad_id"
            JOIN "programmes" AS "p" ON "p"."id" = "f"."programme_id"
            \(scope.condition(on: "\"d\".\"code\"").map { "WHERE " + $0 } ?? "")
            ORDER BY "f"."recorded_at", "d"."code", "p"."code"
            """, scope.binds, on: database) { row in
            let dyad = try row.required(0, "follow-up", "dyad"), record = "follow-up of dyad \(dyad)"
            return FollowUpAction(dyadId: dyad, programmeId: try row.required(1, record, "programme"), action: row.text(2) ?? "",
                                  recordedBy: row.text(3) ?? "", recordedAt: Date(timeIntervalSince1970: row.double(4) ?? 0))
        }
        return scope.keeping(actions, code: \.dyadId)
    }

    /// Records what was done about a missed opportunity ("rang her; offered a lift").
    @discardableResult
    public static func recordFollowUp(dyad: String, programme: String, action: String, by user: String, now: Date,
                                      on database: any Database) async throws -> FollowUpAction {
        let record = "follow-up of dyad \(dyad) in programme \(programme)"
        let text = action.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ReachInputError(record, field: "action", "say what was done, in a few words") }
        if let problem = FreeText.problem(text) { throw ReachInputError(record, field: "action", problem) }
        guard !user.trimmingCharacters(in: .whitespaces).isEmpty else { throw ReachInputError(record, field: "by", "name who did it") }
        return try await database.writeTransaction { db in
            let (dyadModel, programmeModel) = try await EnrolmentStore.find(dyad: dyad, programme: programme, record: record, on: db)
            _ = try await EnrolmentStore.invitationOf(dyad: dyad, programme: programmeModel, record: record, on: db)
            let model = FollowUpActionModel()
            model.$dyad.id = try dyadModel.requireID()
            model.$programme.id = try programmeModel.requireID()
            model.action = text
            model.recordedBy = user
            model.recordedAt = now.timeIntervalSince1970
            try await model.create(on: db)
            try await ActivityLog.record(.create, kind: "follow-up", dyad: dyad, programme: programme, summary: "Follow-up recorded for \(dyad) in \(programme)",
                                         details: ActivityDetails(reason: text), at: now, on: db)
            return FollowUpAction(dyadId: dyad, programmeId: programme, action: text, recordedBy: user, recordedAt: now)
        }
    }
}
