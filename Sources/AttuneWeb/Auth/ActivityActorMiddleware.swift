import AttuneStore
import Vapor

/// Names, for the whole of a request, who the activity log's entries are by: the signed-in
/// user's username (or "not signed in") and the client's address.
struct ActivityActorMiddleware: AsyncMiddleware {
    /// The proxy whose `X-Forwarded-For` names the client (`ClientAddress`); nil to ignore it.
    let trustedProxy: TrustedProxy?
    let now: @Sendable () -> Date

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let actor = ActivityActor(user: request.auth.get(SignedInUser.self)?.username ?? Self.notSignedIn,
                                  address: ClientAddress.of(request, trustedProxy: trustedProxy), now: now)
        return try await ActivityLog.$actor.withValue(actor) { try await next.respond(to: request) }
    }

    static let notSignedIn = "(not signed in)"
}

extension Request {
    /// Records in the activity log that the signed-in user viewed a mother's record (`dyad`,
    /// her working code) or another record, before the page is shown.
    func recordView(of summary: String, dyad: String? = nil, kind: String? = nil, code: String? = nil, programme: String? = nil) async throws {
        try await ActivityLog.record(.view, kind: kind, code: code, dyad: dyad, programme: programme, summary: summary, at: now, on: db)
    }
}
