/// Every page and endpoint, used both to register routes and to build links, so a link can
/// never point at a route that does not exist.
enum SiteRoute: String, CaseIterable {
    case home = "/"
    case health = "/health"
    case stylesheet = "/assets/attune.css"

    var path: String { rawValue }

    /// Path components for Vapor's router.
    var components: [String] { rawValue.split(separator: "/").map(String.init) }
}
