import FluentKit

/// Enrolment, contact details, place limits and cancellations on the existing tables, and the
/// reminder outbox and follow-up actions as new ones (issue 5).
struct AddReachColumns: AsyncMigration {
    // SQLite adds one column per ALTER TABLE, so each field is its own update.
    static let columns: [(table: String, field: FieldKey, type: DatabaseSchema.DataType, constraints: [DatabaseSchema.FieldConstraint])] = [
        (ProgrammeModel.schema, "place_limit", .int, []),
        (ProgrammeModel.schema, "venue", .string, []),
        (ProgrammeModel.schema, "start_time", .string, []),
        (ProgrammeModel.schema, "reminder_schedule", .string, []),
        // Bumped by every enrolment: the row lock that serialises the last-place check.
        (ProgrammeModel.schema, "enrolment_version", .int, [.required, .sql(.default(0))]),
        (SessionModel.schema, "cancelled", .bool, [.required, .sql(.default(false))]),
        (DyadModel.schema, "phone", .string, []),
        (DyadModel.schema, "email", .string, []),
        (DyadModel.schema, "preferred_channel", .string, []),
        (InvitationModel.schema, "status", .string, [.required, .sql(.default("invited"))]),
        (InvitationModel.schema, "consent_date", .string, []),
        (InvitationModel.schema, "closed_date", .string, []),
        (InvitationModel.schema, "closed_reason", .string, []),
    ]

    func prepare(on database: any Database) async throws {
        for column in Self.columns {
            try await database.schema(column.table)
                .field(.definition(name: .key(column.field), dataType: column.type, constraints: column.constraints)).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in Self.columns.reversed() {
            try await database.schema(column.table).deleteField(column.field).update()
        }
    }
}

struct CreateReminders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReminderModel.schema)
            .id()
            // "session#dyad#days": the unique key that makes planning idempotent.
            .field("key", .string, .required)
            .field("programme_id", .uuid, .required, .references(ProgrammeModel.schema, .id, onDelete: .cascade))
            .field("session_id", .uuid, .required, .references(SessionModel.schema, .id, onDelete: .cascade))
            .field("dyad_id", .uuid, .required, .references(DyadModel.schema, .id, onDelete: .cascade))
            .field("days_before", .int, .required)
            .field("channel", .string, .required)
            .field("address", .string, .required)
            .field("message", .string, .required)
            // Instants as seconds since 1970 (UTC): the same on both engines and in raw SQL.
            .field("due_at", .double, .required)
            .field("session_starts_at", .double, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .double)
            .field("claim_token", .string)
            .field("claimed_at", .double)
            .field("finished_at", .double)
            .field("provider_reference", .string)
            .field("note", .string)
            .unique(on: "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReminderModel.schema).delete()
    }
}

struct CreateFollowUpActions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FollowUpActionModel.schema)
            .id()
            .field("dyad_id", .uuid, .required, .references(DyadModel.schema, .id, onDelete: .cascade))
            .field("programme_id", .uuid, .required, .references(ProgrammeModel.schema, .id, onDelete: .cascade))
            .field("action", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .double, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FollowUpActionModel.schema).delete()
    }
}
