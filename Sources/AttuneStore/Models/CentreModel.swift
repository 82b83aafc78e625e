import FluentKit
import Foundation

/// A children's centre (or study location) that runs programmes.
public final class CentreModel: Model, @unchecked Sendable {
    public static let schema = "centres"

    @ID(key: .id) public var id: UUID?
    /// The centre's id in evidence documents, unique across the database.
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    /// Area deprivation decile: 1 most deprived .. 10 least; nil until recorded.
    @OptionalField(key: "deprivation_decile") public var deprivationDecile: Int?
    @OptionalField(key: "area") public var area: String?
    @Children(for: \.$centre) public var programmes: [ProgrammeModel]

    public init() {}

    public init(id: UUID? = nil, code: String, name: String, deprivationDecile: Int? = nil) {
        self.id = id
        self.code = code
        self.name = name
        self.deprivationDecile = deprivationDecile
    }
}
