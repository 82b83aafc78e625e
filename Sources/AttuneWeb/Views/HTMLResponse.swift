import Plot
import Vapor

enum HTMLResponse {
    /// A rendered page. `no-store`: pages may carry personal data and must not linger in caches.
    static func page(_ document: HTML, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: document.render()))
    }
}

extension Node {
    /// An attribute Plot has no typed helper for (scope, aria-*, role).
    static func attr(_ name: String, _ value: String) -> Node {
        .attribute(Attribute(name: name, value: value))
    }
}
