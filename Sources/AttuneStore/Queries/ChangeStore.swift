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

/// The history of corrections (`record_changes`): written in the transaction of the correction
/// it describes, read beside the corrected record. Rows are only ever added.
public enum ChangeStore {
    /// Keeps `changes` to the record `code` of `kind` ("session", "dyad"), made by `user` at
    /// `now` for `reason`. Call within the correction's transaction.
    static func keep(_ changes: [RecordChange], kind: String, code: String, programme: String?, reason: String, by user: String,
                     at now: Date, on db: any Database) async throws {
        guard !changes.isEmpty else { return }
        try await RawSQL.insert(into: CreateRecordChanges.schema,
                                columns: ["id", "kind", "code", "programme", "field", "label", "old_value", "new_value", "reason", "changed_by", "changed_at"],
                                rows: changes.map { change in
                                    [.uuid(UUID()), .text(kind), .text(code), .text(programme), .text(change.field), .text(change.label),
                                     .text(change.old), .text(change.new), .text(reason), .text(user), .double(now.timeIntervalSince1970)]
                                }, on: db)
    }

    /// The corrections of one record, the latest first.
    public static func history(kind: String, code: String, on database: any Database) async throws -> [StoredChange] {
        try await RawSQL.rows("SELECT \"field\", \"label\", \"old_value\", \"new_value\", \"reason\", \"changed_by\", \"changed_at\" FROM \"record_changes\""
                              + " WHERE \"kind\" = ? AND \"code\" = ? ORDER BY \"changed_at\" DESC, \"field\"", [.text(kind), .text(code)], on: database) { row in
            StoredChange(kind: kind, code: code,
                         change: RecordChange(field: row.text(0) ?? "", label: row.text(1) ?? "", old: row.text(2) ?? "", new: row.text(3) ?? ""),
                         reason: row.text(4) ?? "", changedBy: row.text(5) ?? "", changedAt: Date(timeIntervalSince1970: row.double(6) ?? 0))
        }
    }
}
