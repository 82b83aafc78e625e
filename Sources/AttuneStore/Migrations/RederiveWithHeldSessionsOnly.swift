import FluentKit
import SQLKit

/// Profiles are now derived from the sessions held only: a cancelled session, which used to
/// count (its named lead as one more lead for M3, its empty room as a group out of range for
/// M7), no longer does. Where any session is cancelled, the stored profiles may hold the old
/// ratings, so the rubric is taken out of use and the next `attune serve` (or `attune audit
/// --recompute`) derives every profile again; until then `attune audit` derives what it shows.
struct RederiveWithHeldSessionsOnly: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("""
            DELETE FROM \(unsafeRaw: ProfileStore.rubricTable) WHERE EXISTS (SELECT 1 FROM \(unsafeRaw: SessionModel.schema) WHERE cancelled)
            """).run()
    }

    func revert(on database: any Database) async throws {}
}
