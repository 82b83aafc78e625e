import Vapor

/// Serves the stylesheet from memory: no files to install next to the binary.
struct AssetsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.stylesheet.pathComponents) { _ in
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
            return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
        }
    }
}
