import FluentKit

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserModel.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("password_hash", .string, .required)
            .field("created_at", .double, .required)
            .unique(on: "username")
            .create()
        try await database.schema(UserCentreModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, .id, onDelete: .cascade))
            .field("centre_id", .uuid, .required, .references(CentreModel.schema, .id, onDelete: .cascade))
            .unique(on: "user_id", "centre_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserCentreModel.schema).delete()
        try await database.schema(UserModel.schema).delete()
    }
}
