import FluentKit

struct CreateFacilitators: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FacilitatorModel.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("training_body", .string, .required)
            .field("training_days", .int)
            .field("special_interests", .array(of: .string), .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FacilitatorModel.schema).delete()
    }
}

struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        var schema = database.schema(SessionModel.schema)
            .id()
            .field("code", .string, .required)
            .field("programme_id", .uuid, .required, .references(ProgrammeModel.schema, .id, onDelete: .cascade))
            .field("number", .int, .required)
            .field("date", .string)
            .field("lead_facilitator_id", .uuid, .references(FacilitatorModel.schema, .id, onDelete: .restrict))
            .field("room_temperature_celsius", .double)
        for check in ["easy_to_find", "greeted_at_door", "buggies_accommodated", "room_not_crowded", "warm_enough",
                      "strokes_taught", "strokes_taught_competently", "infant_states_taught", "infant_cues_taught",
                      "baby_permission_asked", "doll_modelling", "singing", "social_time", "reflective_prompts",
                      "containing_atmosphere", "technical_skill", "personal_qualities"] {
            schema = schema.field(FieldKey(stringLiteral: check), .bool)
        }
        try await schema
            .field("social_minutes", .int)
            .field("unregistered_dyads_present", .int, .required, .sql(.default(0)))
            .field("notes", .string)
            .unique(on: "code")
            .unique(on: "programme_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SessionModel.schema).delete()
    }
}

struct CreateSessionFacilitators: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SessionFacilitatorModel.schema)
            .id()
            .field("session_id", .uuid, .required, .references(SessionModel.schema, .id, onDelete: .cascade))
            .field("facilitator_id", .uuid, .required, .references(FacilitatorModel.schema, .id, onDelete: .restrict))
            .field("position", .int, .required)
            .unique(on: "session_id", "facilitator_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SessionFacilitatorModel.schema).delete()
    }
}

struct CreateDyads: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DyadModel.schema)
            .id()
            .field("code", .string, .required)
            .field("mother_name", .string)
            .field("mother_age_years", .int)
            .field("infant_name", .string)
            .field("infant_date_of_birth", .string)
            .field("social_risk_factors", .array(of: .string), .required)
            .field("consent_to_records", .bool, .required)
            .field("consent_date", .string)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DyadModel.schema).delete()
    }
}

struct CreateInvitations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(InvitationModel.schema)
            .id()
            .field("code", .string, .required)
            .field("dyad_id", .uuid, .required, .references(DyadModel.schema, .id, onDelete: .cascade))
            .field("programme_id", .uuid, .required, .references(ProgrammeModel.schema, .id, onDelete: .cascade))
            .field("invited_by_facilitator_id", .uuid, .references(FacilitatorModel.schema, .id, onDelete: .restrict))
            .field("invited_by_practitioner", .string)
            .field("mode", .string, .required)
            .field("date", .string)
            .unique(on: "code")
            .unique(on: "dyad_id", "programme_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InvitationModel.schema).delete()
    }
}

struct CreateAttendance: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AttendanceModel.schema)
            .id()
            .field("dyad_id", .uuid, .required, .references(DyadModel.schema, .id, onDelete: .cascade))
            .field("session_id", .uuid, .required, .references(SessionModel.schema, .id, onDelete: .cascade))
            .field("status", .string, .required)
            .field("absence_reason", .string)
            .unique(on: "dyad_id", "session_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AttendanceModel.schema).delete()
    }
}

struct CreateMechanismOverrides: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MechanismOverrideModel.schema)
            .id()
            .field("programme_id", .uuid, .required, .references(ProgrammeModel.schema, .id, onDelete: .cascade))
            .field("mechanism", .string, .required)
            .field("rating", .string, .required)
            .field("rationale", .string, .required)
            .field("observer", .string, .required)
            .field("date", .string)
            .unique(on: "programme_id", "mechanism")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MechanismOverrideModel.schema).delete()
    }
}
