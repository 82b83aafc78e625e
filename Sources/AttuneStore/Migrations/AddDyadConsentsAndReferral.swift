import FluentKit

/// A mother's consents to contact and to research, each with its date, who recorded them, her
/// postal address and how she was referred (`EvidenceRecords.dyad`). Mothers stored before
/// have none of them recorded (NULL).
struct AddDyadConsentsAndReferral: AsyncMigration {
    static let fields: [(String, DatabaseSchema.DataType)] = [
        ("consent_to_contact", .bool), ("contact_consent_date", .string), ("consent_to_research", .bool), ("research_consent_date", .string),
        ("consent_recorded_by", .string), ("postal_address", .string), ("referral", .string),
    ]

    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one column per ALTER TABLE.
        for (name, type) in Self.fields {
            try await database.schema(DyadModel.schema).field(FieldKey(stringLiteral: name), type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.fields {
            try await database.schema(DyadModel.schema).deleteField(FieldKey(stringLiteral: name)).update()
        }
    }
}
