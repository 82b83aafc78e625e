import AttuneCore
import FluentKit
import Foundation

/// An observer's written judgement replacing a derived rating, set or removed from the
/// programme page. Both the derived rating and the override stay shown; what an override
/// replaced is kept in the corrections history (`ChangeStore`, kind "override").
public enum OverrideStore {
    /// Sets `override` (replacing any for its programme and mechanism), or with nil removes the
    /// one of `mechanism`; checked as an import checks an override (`FormProblems` by field:
    /// "rating", "rationale"), storing nothing when refused.
    public static func replace(programme: String, mechanism: MechanismID, with override: MechanismOverride?, by user: String, now: Date,
                               on database: any Database) async throws {
        let record = "override of \(mechanism) for programme \(programme)"
        if let override {
            // The programme is given as a stub: only the override's own problems are wanted.
            let stub = Programme(id: programme, centreId: "", name: "", plannedSessions: 1)
            let problems = EvidenceValidator.problems(in: EvidenceDocument(programmes: [stub], overrides: [override]))
                .filter { $0.record == record }
            guard problems.isEmpty else {
                throw FormProblems(record, Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first }))
            }
        }
        try await database.writeTransaction { db in
            try await ProfileStore.lock(programmes: [programme], on: db)
            let ids = try await RawSQL.rows("SELECT \"id\" FROM \"programmes\" WHERE \"code\" = ?", [.text(programme)], on: db) { $0.text(0) ?? "" }
            guard let programmeID = ids.first else { throw FormProblems(record, ["rating": "No programme has the code \(programme)."]) }
            // The override it replaces, if any: its row alone.
            let old = try await RawSQL.rows(EvidenceRows.select(EvidenceRows.overrideColumns, from: MechanismOverrideModel.schema)
                                            + " WHERE \"programme_id\" = ? AND \"mechanism\" = ?", [.rowID(programmeID), .text(mechanism.description)],
                                            on: db) { try EvidenceRows.override($0, programmeCode: RowCodes(ids: [programmeID], codes: [programme])) }.first
            try await RawSQL.execute("DELETE FROM \"mechanism_overrides\" WHERE \"programme_id\" = ? AND \"mechanism\" = ?",
                                     [.rowID(programmeID), .text(mechanism.description)], on: db)
            if let override, let id = UUID(uuidString: programmeID) {
                try await RawSQL.insert(into: MechanismOverrideModel.schema, columns: EvidenceRows.overrideColumns,
                                        rows: [EvidenceRows.row(override, id: UUID(), programmeID: id)], on: db)
            }
            func words(_ override: MechanismOverride?) -> String {
                override.map { "\($0.rating.label) (\($0.observer): \($0.rationale))" } ?? "none: the derived rating"
            }
            try await ChangeStore.keep([RecordChange(field: "override", label: "Override of \(mechanism)", old: words(old), new: words(override))],
                                       kind: "override", code: "\(programme) \(mechanism)", programme: programme,
                                       reason: override?.rationale ?? "override removed", by: user, at: now, on: db)
            try await ProfileStore.refresh(programmes: [programme], on: db)
        }
    }
}
