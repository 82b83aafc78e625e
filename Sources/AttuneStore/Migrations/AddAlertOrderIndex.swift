import FluentKit
import SQLKit

/// An index in the order alerts are listed (due soonest first): the dashboard's first hundred
/// open alerts are then read in order and the rest never touched, instead of every open alert
/// in the country joined and sorted (about 60 ms at national scale on every view after a commit).
struct AddAlertOrderIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("""
            CREATE INDEX IF NOT EXISTS safeguarding_alerts_due ON \(unsafeRaw: SafeguardingAlertModel.schema) (due_by, raised_at, code)
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX IF EXISTS safeguarding_alerts_due").run()
    }
}
