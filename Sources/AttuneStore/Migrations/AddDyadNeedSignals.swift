import FluentKit

/// Adds `dyads.need_signals`: the need signals of a dyad's measures gathered into one text
/// ("before epds 14 0;after care_index 5", as `NeedSignal.gathered` reads it), kept up to date
/// whenever a measure is stored (`MeasureStore.gatherNeedSignals`). Need across a national
/// dataset then reads one short text per dyad, instead of gathering 780,000 measures per
/// dyad on every audit and page view. Filled here from the measures already stored.
struct AddDyadNeedSignals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.transaction { db in
            try await db.schema(DyadModel.schema).field("need_signals", .string).update()
            try await MeasureStore.gatherNeedSignals(ofDyads: nil, on: db)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DyadModel.schema).deleteField("need_signals").update()
    }
}
