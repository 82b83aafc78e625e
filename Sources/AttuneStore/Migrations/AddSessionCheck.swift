import FluentKit

/// A yes/no check added to the session log after the sessions table was made: its column
/// (NULL, "not recorded", for every session logged before). Adding a check is its definition
/// in `EvidenceRecords.session` and one `AddSessionCheck("its_name")` appended to
/// `AttuneMigrations.all`; `SessionCheckDefinitionTests` fails while the column is missing.
struct AddSessionCheck: AsyncMigration {
    let check: String

    init(_ check: String) { self.check = check }

    /// Fluent records a migration by name; each check's migration is one of its own.
    var name: String { "AddSessionCheck.\(check)" }

    func prepare(on database: any Database) async throws {
        try await database.schema(SessionModel.schema).field(FieldKey(stringLiteral: check), .bool).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SessionModel.schema).deleteField(FieldKey(stringLiteral: check)).update()
    }
}
