import FluentKit
import Foundation

/// A person who signs in. The password is stored only as a bcrypt hash.
public final class UserModel: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    /// admin, manager, facilitator or evaluator (AttuneCore's Role).
    @Field(key: "role") public var role: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "created_at") public var createdAt: Double
    @Children(for: \.$user) public var centres: [UserCentreModel]

    public init() {}
}

/// A user's membership of one centre.
public final class UserCentreModel: Model, @unchecked Sendable {
    public static let schema = "user_centres"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserModel
    @Parent(key: "centre_id") public var centre: CentreModel

    public init() {}
}
