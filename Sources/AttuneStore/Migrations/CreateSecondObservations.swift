import FluentKit

/// `second_observations`: a second observer's checks of a held session (`SecondObservation`),
/// one row per session and observer. The checks are kept as the evidence document writes them
/// (a JSON object of the setting, content and observer groups), so that a check added to the
/// session log needs no column here: nothing queries one check of a second observation.
struct CreateSecondObservations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SecondObservationStore.table)
            .id()
            .field("session_id", .uuid, .required, .references(SessionModel.schema, "id", onDelete: .cascade))
            .field("observer_name", .string, .required)
            .field("checks", .string, .required)
            .unique(on: "session_id", "observer_name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SecondObservationStore.table).delete()
    }
}
