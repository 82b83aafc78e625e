import AttuneCore
import FluentKit
import Foundation

/// A correction as kept: which record, which field, old and new value, why, who and when.
public struct StoredChange: Equatable, Sendable {
    public let kind: String
    public let code: String
    public let change: RecordChange
    public let reason: String
    public let changedBy: String
    public let changedAt: Date
}

/// The history of corrections: each correction is one `change` entry of the activity log
/// (`ActivityLog`), written in the correction's transaction, its old and new values as the
/// entry's details. The history shown beside a record is read from the log.
public enum ChangeStore {
    /// Keeps `changes` to the record `code` of `kind` ("session", "dyad"), made by `user` at
    /// `now` for `reason`. `dyad`: the mother the changes are about, when the record is not her
    /// own (her attendance in a session's log), so that an erasure finds them. Call within the
    /// correction's transaction.
    static func keep(_ changes: [RecordChange], kind: String, code: String, programme: String?, dyad: String? = nil, reason: String,
                     by user: String, at now: Date, on db: any Database) async throws {
        guard !changes.isEmpty else { return }
        try await ActivityLog.append(entry(kind: kind, code: code, programme: programme, dyad: dyad, changes: changes, reason: reason, by: user,
                                           address: ActivityLog.actor.address, at: now), on: db)
    }

    /// The log entry of a correction. A correction of a mother's own record names her, so an
    /// erasure finds its details.
    static func entry(kind: String, code: String, programme: String?, dyad: String? = nil, changes: [RecordChange], reason: String,
                      by user: String, address: String?, at now: Date) -> ActivityLog.NewEntry {
        let fields = changes.count == 1 ? changes[0].label : "\(changes.count) fields"
        return ActivityLog.NewEntry(at: now, actor: user, address: address, action: .change, recordKind: kind, recordCode: code,
                                    dyad: dyad ?? (kind == "dyad" ? code : nil), programme: programme,
                                    summary: "Corrected \(kind) \(code): \(fields)", details: ActivityDetails(reason: reason, changes: changes))
    }

    /// The corrections of one record, the latest first.
    public static func history(kind: String, code: String, on database: any Database) async throws -> [StoredChange] {
        let entries = try await ActivityLog.search(.init(recordKind: kind, recordCode: code, actions: [.change]), on: database)
        return entries.flatMap { entry in
            (entry.details?.changes ?? []).sorted { $0.field < $1.field }.map { change in
                StoredChange(kind: kind, code: code, change: change, reason: entry.details?.reason ?? "", changedBy: entry.actor, changedAt: entry.at)
            }
        }
    }
}
