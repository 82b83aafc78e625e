import FluentKit
import Foundation

/// An observer's override of a derived rating, with the written rationale.
public final class MechanismOverrideModel: Model, @unchecked Sendable {
    public static let schema = "mechanism_overrides"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "programme_id") public var programme: ProgrammeModel
    @Field(key: "mechanism") public var mechanism: String
    @Field(key: "rating") public var rating: String
    @Field(key: "rationale") public var rationale: String
    @Field(key: "observer") public var observer: String
    @OptionalField(key: "date") public var date: String?

    public init() {}
}
