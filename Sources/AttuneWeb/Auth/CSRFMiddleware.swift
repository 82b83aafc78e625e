import Foundation
import Vapor

/// A token per session, required on every request that changes data: a form field `_csrf` or
/// an `X-CSRF-Token` header. Vapor has no CSRF protection of its own.
///
/// The form's body is collected whole (up to `FormBody.limitBytes`) before the token is read.
/// Vapor hands a route's body over only once the route runs; a middleware that reads
/// `request.content` earlier sees just the first part of a body that arrives in more than one
/// read (about 1.8 KB), so every longer form (a session log with notes, an alert closed with a
/// proper account) was refused as "expired" and the typed text lost.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"

    static let expired = "This form has expired or did not come from Attune. Go back, reload the page and try again."

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            try await FormBody.collect(request)
            let expected = request.hasSession ? request.session.data[SessionKeys.csrf] : nil
            let given = request.headers.first(name: "X-CSRF-Token")
                ?? (try? request.content.get(String.self, at: Self.field))
            guard let expected, let given, Self.constantTimeEqual(expected, given) else {
                throw Abort(.forbidden, reason: Self.expired)
            }
            try FormBody.refuseControlCharacters(request)
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

/// What a form may send: one limit for the whole body, and no NUL characters in any value.
enum FormBody {
    /// The largest form body accepted, in bytes. Each free-text field holds up to
    /// `FreeText.maximumCharacters` (10,000) characters, which a browser may send as up to 12
    /// bytes each once percent-encoded (a four-byte character is %XX four times); a session log
    /// has notes and a reason for absence per mother. One megabyte covers several such fields
    /// at their longest; a body past it is refused with 413 before any of it is read further.
    static let limitBytes = 1 << 20

    static let tooLarge = "This form is larger than Attune accepts (1 MB in all; each text box holds up to 10,000 characters). Nothing was saved: go back, shorten the longest text and save again."

    /// Collects the body whole, within the limit, so that everything after reads all of it.
    static func collect(_ request: Request) async throws {
        guard request.body.data == nil else { return }
        do {
            _ = try await request.body.collect(max: limitBytes).get()
        } catch let abort as any AbortError where abort.status == .payloadTooLarge {
            throw Abort(.payloadTooLarge, reason: tooLarge)
        }
    }

    /// A NUL character would be cut off, with what follows it, by the database driver: refused
    /// with 422 naming the field, never silently shortened.
    static func refuseControlCharacters(_ request: Request) throws {
        guard let body = request.body.data else { return }
        // The same for a JSON body, which the controllers' decoding would accept too.
        if request.headers.contentType == .json, body.readableBytesView.contains(0) || containsEscapedNUL(body) {
            throw Abort(.unprocessableEntity, reason: "A value contains a NUL character (\\u0000), which Attune cannot store. Nothing was saved.")
        }
        guard request.headers.contentType == .urlEncodedForm,
              body.readableBytesView.contains(0) || containsPercentEncodedNUL(body) else { return }
        let values = (try? request.content.decode([String: String].self)) ?? [:]
        let field = values.first { $0.value.contains("\u{0}") }?.key ?? "a field"
        throw Abort(.unprocessableEntity, reason: "\"\(field)\" contains a NUL character (an invisible control character, often pasted from another program), which Attune cannot store. Nothing was saved: go back, delete it and save again.")
    }

    /// "\u0000" anywhere in a JSON body.
    private static func containsEscapedNUL(_ body: ByteBuffer) -> Bool {
        String(decoding: body.readableBytesView, as: UTF8.self).contains("\\u0000")
    }

    /// "%00" anywhere in a percent-encoded body.
    private static func containsPercentEncodedNUL(_ body: ByteBuffer) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in body.readableBytesView {
            if previous.0 == UInt8(ascii: "%") && previous.1 == UInt8(ascii: "0") && byte == UInt8(ascii: "0") { return true }
            previous = (previous.1, byte)
        }
        return false
    }
}
