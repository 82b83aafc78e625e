import FluentKit

/// The channels a mother asked not to be reminded by, and who recorded her answers on contact
/// and on research, each apart from who recorded her consent to records (`EvidenceRecords.dyad`).
/// Mothers stored before opted out of nothing (NULL, read as none), and their answers' recorder
/// is the one recorder kept before: copied where she answered, so no answer loses who recorded it.
struct AddDyadOptOutsAndConsentRecorders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one column per ALTER TABLE.
        try await database.schema(DyadModel.schema).field("opted_out_channels", .array(of: .string)).update()
        for name in ["contact_consent_recorded_by", "research_consent_recorded_by"] {
            try await database.schema(DyadModel.schema).field(FieldKey(stringLiteral: name), .string).update()
        }
        for answer in ["contact", "research"] {
            try await RawSQL.execute("""
                UPDATE "dyads" SET "\(answer)_consent_recorded_by" = "consent_recorded_by" WHERE "consent_to_\(answer)" IS NOT NULL
                """, on: database)
        }
    }

    func revert(on database: any Database) async throws {
        for name in ["opted_out_channels", "contact_consent_recorded_by", "research_consent_recorded_by"] {
            try await database.schema(DyadModel.schema).deleteField(FieldKey(stringLiteral: name)).update()
        }
    }
}
