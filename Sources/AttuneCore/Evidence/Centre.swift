/// A children's centre or other venue that runs programmes.
public struct Centre: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    /// Area deprivation decile: 1 most deprived .. 10 least deprived.
    public var deprivationDecile: Int?
    /// The area or locality it serves (a ward, a district), as managers name it.
    public var area: String?

    public init(id: String, name: String, deprivationDecile: Int? = nil, area: String? = nil) {
        self.id = id
        self.name = name
        self.deprivationDecile = deprivationDecile
        self.area = area
    }
}
