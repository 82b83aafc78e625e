import AttuneCore
import FluentKit
import Foundation

/// Adds `measurements.need_signal`: what the need rules read of each measure, in the stored
/// form of `NeedSignal` (e.g. "epds 14 0"), written with the measure. Need across a national
/// dataset then reads a short text per measure instead of scoring every measure's values
/// again. Measures already stored are scored once here, in one transaction.
struct AddNeedSignals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.transaction { db in
            try await db.schema(MeasurementModel.schema).field("need_signal", .string).update()
            let columns = EvidenceRows.measurementColumns.filter { $0 != "need_signal" }
            let stored = try await RawSQL.rows(EvidenceRows.select(columns, from: MeasurementModel.schema), on: db) { row in
                (id: row.text(0) ?? "", measure: try EvidenceRows.measurement(row, dyadCode: RowCodes(ids: [], codes: [])))
            }
            // One UPDATE per signal and batch of ids, not per measure: a national database has
            // hundreds of thousands of measures but only a few hundred distinct signals.
            var idsBySignal: [String: [SQLValue]] = [:]
            for (id, measure) in stored {
                guard let result = try? measure.score(.standard) else { continue }
                idsBySignal[NeedSignal.storedForm(of: result), default: []].append(.uuid(UUID(uuidString: id)))
            }
            for (signal, ids) in idsBySignal {
                for start in stride(from: 0, to: ids.count, by: 10_000) {
                    let batch = ids[start..<min(start + 10_000, ids.count)]
                    try await RawSQL.execute("UPDATE \"measurements\" SET \"need_signal\" = ? WHERE \"id\" IN (\(RawSQL.placeholders(batch.count)))",
                                             [.text(signal)] + batch, on: db)
                }
            }
            // Covers gathering each dyad's signals (`MeasureStore.gatherNeedSignals`), so that
            // it never touches the measures' rows: a third faster at national scale.
            try await RawSQL.execute("""
                CREATE INDEX IF NOT EXISTS "measurements_need_signals" ON "measurements" ("dyad_id", "timepoint", "need_signal")
                WHERE "need_signal" IS NOT NULL
                """, on: db)
        }
    }

    func revert(on database: any Database) async throws {
        try await RawSQL.execute("DROP INDEX IF EXISTS \"measurements_need_signals\"", on: database)
        try await database.schema(MeasurementModel.schema).deleteField("need_signal").update()
    }
}
