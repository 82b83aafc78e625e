/// A children's centre or other venue that runs programmes.
public struct Centre: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    /// Area deprivation decile: 1 most deprived .. 10 least deprived.
    public var deprivationDecile: Int?

    public init(id: String, name: String, deprivationDecile: Int? = nil) {
        self.id = id
        self.name = name
        self.deprivationDecile = deprivationDecile
    }
}
