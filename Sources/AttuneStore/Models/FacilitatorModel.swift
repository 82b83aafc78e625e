import FluentKit
import Foundation

public final class FacilitatorModel: Model, @unchecked Sendable {
    public static let schema = "facilitators"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    /// A `ProfessionalRole` raw value.
    @Field(key: "role") public var role: String
    /// A `TrainingBody` raw value.
    @Field(key: "training_body") public var trainingBody: String
    @OptionalField(key: "training_days") public var trainingDays: Int?
    @Field(key: "special_interests") public var specialInterests: [String]

    public init() {}
}
