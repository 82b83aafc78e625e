import Plot

extension Node {
    /// An attribute Plot has no typed helper for (scope, aria-*, role).
    static func attr(_ name: String, _ value: String) -> Node {
        .attribute(Attribute(name: name, value: value))
    }
}
