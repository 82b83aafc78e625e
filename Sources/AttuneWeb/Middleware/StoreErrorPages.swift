import AttuneStore
import Vapor

/// Store errors that are an answer for the person, not a fault: shown by `HTMLErrorMiddleware`
/// as a page with the reason, with the status that says what happened.
extension AlertAlreadyClosed: AbortError {
    public var status: HTTPResponseStatus { .conflict }
    public var reason: String { description }
}
