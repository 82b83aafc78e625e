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
        var followUps: [String: [FollowUpAction]] = [:]
        for model in try await FollowUpActionModel.query(on: database).with(\.$dyad).with(\.$programme).sort(\.$recordedAt).all() {
            followUps["\(model.dyad.code)#\(model.programme.code)", default: []].append(
                FollowUpAction(dyadId: model.dyad.code, programmeId: model.programme.code, action: model.action,
                               recordedBy: model.recordedBy, recordedAt: Date(timeIntervalSince1970: model.recordedAt)))
        }
        return ReachReport(document: document, settings: settings, completionShare: completionShare,
                           reminders: reminders, followUps: followUps)
    }

    /// The follow-ups recorded for one dyad, oldest first.
    public static func followUps(dyad: String, on database: any Database) async throws -> [FollowUpAction] {
        guard let model = try await DyadModel.query(on: database).filter(\.$code == dyad).first() else { return [] }
        return try await FollowUpActionModel.query(on: database).filter(\.$dyad.$id == model.requireID())
            .with(\.$programme).sort(\.$recordedAt).all().map {
                FollowUpAction(dyadId: dyad, programmeId: $0.programme.code, action: $0.action, recordedBy: $0.recordedBy,
                               recordedAt: Date(timeIntervalSince1970: $0.recordedAt))
            }
    }

    /// Records what was done about a missed opportunity ("rang her; offered a lift").
    public static func recordFollowUp(dyad: String, programme: String, action: String, by user: String, now: Date,
                                      on database: any Database) async throws -> FollowUpAction {
        let record = "follow-up of dyad \(dyad) in programme \(programme)"
        let text = action.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ReachInputError(record, field: "action", "say what was done, in a few words") }
        guard text.count <= 2000 else { throw ReachInputError(record, field: "action", "\(text.count) characters; at most 2000") }
        guard !user.trimmingCharacters(in: .whitespaces).isEmpty else { throw ReachInputError(record, field: "by", "name who did it") }
        return try await database.transaction { db in
            let (dyadModel, programmeModel) = try await EnrolmentStore.find(dyad: dyad, programme: programme, record: record, on: db)
            _ = try await EnrolmentStore.invitationOf(dyad: dyad, programme: programmeModel, record: record, on: db)
            let model = FollowUpActionModel()
            model.$dyad.id = try dyadModel.requireID()
            model.$programme.id = try programmeModel.requireID()
            model.action = text
            model.recordedBy = user
            model.recordedAt = now.timeIntervalSince1970
            try await model.create(on: db)
            return FollowUpAction(dyadId: dyad, programmeId: programme, action: text, recordedBy: user, recordedAt: now)
        }
    }
}
