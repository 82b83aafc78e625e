import Foundation
import Vapor

/// A token per session, required on every request that changes data: a form field `_csrf` or
/// an `X-CSRF-Token` header. Vapor has no CSRF protection of its own.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            let expected = request.hasSession ? request.session.data[SessionKeys.csrf] : nil
            let given = request.headers.first(name: "X-CSRF-Token")
                ?? (try? request.content.get(String.self, at: Self.field))
            guard let expected, let given, Self.constantTimeEqual(expected, given) else {
                throw Abort(.forbidden, reason: "This form has expired or did not come from Attune. Go back, reload the page and try again.")
            }
        }
        return try await next.respond(to: request)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Request {
    /// This session's CSRF token, made on first use.
    var csrfToken: String {
        if let token = session.data[SessionKeys.csrf] { return token }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        session.data[SessionKeys.csrf] = token
        return token
    }
}
