import FluentKit

/// `action_plans`: a manager's decision on each suggested action (`ActionPlan`), one per
/// programme and suggestion. Programmes and centres are kept by code, as the trend keeps them.
struct CreateActionPlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ActionStore.table)
            .id()
            .field("programme", .string, .required)
            .field("centre", .string, .required)
            .field("rule_id", .string, .required)
            .field("plan", .string, .required)
            .field("status", .string, .required)
            .unique(on: "programme", "rule_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ActionStore.table).delete()
    }
}
