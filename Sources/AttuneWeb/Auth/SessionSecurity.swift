import AttuneStore
import Foundation
import Vapor

/// What Attune keeps in a session: the user, when the session was last used and when it must
/// end, and its CSRF token.
enum SessionKeys {
    static let user = "user"
    static let lastSeen = "seen"
    static let csrf = "csrf"
    /// Seconds since 1970 at the end of the session's absolute lifetime (sign-in plus the lifetime).
    static let ends = "ends"
    /// Why the last session ended, for the sign-in page (`SessionEnd`).
    static let expired = "expired"
    /// The account's session epoch at sign-in (`StoredUser.sessionEpoch`): when an administrator
    /// ends its sessions, disables it or resets its password, the epoch moves on and this
    /// session no longer stands.
    static let epoch = "epoch"
}

/// Why a signed-in session was ended without signing out.
enum SessionEnd: String {
    /// Unused for longer than the idle timeout.
    case idle = "1"
    /// Past its absolute lifetime, however busy (or from before sessions had one).
    case lifetime
    /// Ended by an administrator: the account was disabled, its password reset or its sessions ended.
    case revoked
}

/// Loads the signed-in user from the session on every request, and ends a session idle for
/// longer than the timeout (30 minutes by default), or signed in to longer ago than its
/// lifetime (12 hours by default, counted from sign-in whatever the activity: `LoginController`
/// writes when it ends). A session without an end is from before sessions had one, and ends too.
struct SessionUserMiddleware: AsyncMiddleware {
    let idleTimeout: TimeInterval
    let now: @Sendable () -> Date

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let id = request.session.data[SessionKeys.user].flatMap(UUID.init(uuidString:)) {
            let now = self.now().timeIntervalSince1970
            let seen = request.session.data[SessionKeys.lastSeen].flatMap(Double.init) ?? 0
            let ends = request.session.data[SessionKeys.ends].flatMap(Double.init) ?? 0
            if now - seen > idleTimeout || now >= ends {
                request.session.data[SessionKeys.user] = nil
                request.session.data[SessionKeys.ends] = nil
                request.session.data[SessionKeys.expired] = (now - seen > idleTimeout ? SessionEnd.idle : .lifetime).rawValue
            } else if let user = try await UserStore.find(id: id, on: request.db) {
                // Disabled since, or its sessions ended by an administrator (a session from
                // before epochs were kept carries none: 0).
                guard !user.disabled, String(user.sessionEpoch) == request.session.data[SessionKeys.epoch] ?? "0" else {
                    request.session.data[SessionKeys.user] = nil
                    request.session.data[SessionKeys.ends] = nil
                    request.session.data[SessionKeys.expired] = SessionEnd.revoked.rawValue
                    return try await next.respond(to: request)
                }
                request.auth.login(SignedInUser(user))
                // Recorded at most once a minute: every change rewrites the session row, and a
                // minute is fine grain for a 30-minute timeout.
                if now - seen > 60 { request.session.data[SessionKeys.lastSeen] = String(now) }
            } else {
                request.session.data[SessionKeys.user] = nil
            }
        }
        return try await next.respond(to: request)
    }
}

/// Pages behind sign-in: a visitor is sent to the sign-in page (GET) or refused (other verbs).
struct RequireSignIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.has(SignedInUser.self) else {
            if request.method == .GET || request.method == .HEAD { return request.redirect(to: SiteRoute.login.path, redirectType: .normal) }
            throw Abort(.unauthorized, reason: "Sign in first.")
        }
        return try await next.respond(to: request)
    }
}

/// An account whose password an administrator chose (a one-time password) may do nothing but
/// choose its own: every other page leads to the form for it (`AccountController`).
struct RequireOwnPassword: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.auth.get(SignedInUser.self), user.mustChangePassword,
              request.url.path != SiteRoute.accountPassword.path else {
            return try await next.respond(to: request)
        }
        if request.method == .GET || request.method == .HEAD { return request.redirect(to: SiteRoute.accountPassword.path, redirectType: .normal) }
        throw Abort(.forbidden, reason: "Choose your own password first.")
    }
}
