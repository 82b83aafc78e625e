import FluentKit

struct CreateMeasurements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MeasurementModel.schema)
            .id()
            .field("code", .string, .required)
            .field("dyad_id", .uuid, .required, .references(DyadModel.schema, .id, onDelete: .cascade))
            .field("instrument", .string, .required)
            .field("timepoint", .string, .required)
            .field("date", .string, .required)
            .field("administered_by", .string, .required)
            .field("values", .string, .required)
            .unique(on: "code")
            // One measure per dyad, instrument and timepoint, even under concurrent saves.
            .unique(on: "dyad_id", "instrument", "timepoint")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MeasurementModel.schema).delete()
    }
}

struct CreateSafeguardingAlerts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SafeguardingAlertModel.schema)
            .id()
            .field("code", .string, .required)
            .field("dyad_id", .uuid, .required, .references(DyadModel.schema, .id, onDelete: .restrict))
            .field("measurement_id", .uuid, .required, .references(MeasurementModel.schema, .id, onDelete: .restrict))
            .field("kind", .string, .required)
            .field("reason", .string, .required)
            .field("due_by", .string, .required)
            .field("raised_at", .datetime, .required)
            .field("raised_by", .string, .required)
            .field("closed_at", .datetime)
            .field("closed_by", .string)
            .field("action_taken", .string)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SafeguardingAlertModel.schema).delete()
    }
}
