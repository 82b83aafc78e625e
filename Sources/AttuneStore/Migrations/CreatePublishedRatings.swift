import FluentKit

struct CreatePublishedRatings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PublishedRatingModel.schema)
            .id()
            .field("programme_id", .uuid, .required, .references(ProgrammeModel.schema, .id, onDelete: .cascade))
            .field("mechanism", .string, .required)
            .field("rating", .string, .required)
            .unique(on: "programme_id", "mechanism")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PublishedRatingModel.schema).delete()
    }
}
