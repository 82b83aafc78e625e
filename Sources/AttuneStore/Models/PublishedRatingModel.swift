import FluentKit
import Foundation

/// A mechanism rating as a publication printed it (the study's Table 1). Kept apart from
/// the ratings Attune derives from evidence, so the two can be compared.
public final class PublishedRatingModel: Model, @unchecked Sendable {
    public static let schema = "published_ratings"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "programme_id") public var programme: ProgrammeModel
    /// "M1" ... "M15".
    @Field(key: "mechanism") public var mechanism: String
    /// A `Rating` raw value: yes, variable, no, not_assessed.
    @Field(key: "rating") public var rating: String

    public init() {}

    public init(id: UUID? = nil, programmeID: UUID, mechanism: String, rating: String) {
        self.id = id
        self.$programme.id = programmeID
        self.mechanism = mechanism
        self.rating = rating
    }
}
