import FluentKit

/// The centre whose staff recorded a measure (and so owns the alerts it raised): a mother known
/// to two centres shows each only its own measures and alerts. NULL for measures from evidence
/// documents and from before this column, and for those recorded by someone working for several
/// of her centres (an administrator): those are shown to every centre that invited her.
struct AddMeasurementCentres: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MeasurementModel.schema)
            .field("centre_id", .uuid, .references(CentreModel.schema, .id, onDelete: .setNull))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MeasurementModel.schema).deleteField("centre_id").update()
    }
}
