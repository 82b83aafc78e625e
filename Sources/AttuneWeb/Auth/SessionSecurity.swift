import AttuneStore
import Foundation
import Vapor

/// What Attune keeps in a session: the user, when the session was last used, and its CSRF token.
enum SessionKeys {
    static let user = "user"
    static let lastSeen = "seen"
    static let csrf = "csrf"
    static let expired = "expired"
}

/// Loads the signed-in user from the session on every request, and ends a session idle for
/// longer than the timeout (30 minutes by default).
struct SessionUserMiddleware: AsyncMiddleware {
    let idleTimeout: TimeInterval
    let now: @Sendable () -> Date

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let id = request.session.data[SessionKeys.user].flatMap(UUID.init(uuidString:)) {
            let now = self.now().timeIntervalSince1970
            let seen = request.session.data[SessionKeys.lastSeen].flatMap(Double.init) ?? 0
            if now - seen > idleTimeout {
                request.session.data[SessionKeys.user] = nil
                request.session.data[SessionKeys.expired] = "1"
            } else if let user = try await UserStore.find(id: id, on: request.db) {
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

/// Slows down guessing: after 5 failed sign-ins for one username (known or not) or from one
/// address within 15 minutes, further attempts are refused until the window has passed.
actor LoginThrottle {
    static let limit = 5
    static let window: TimeInterval = 15 * 60

    private var failures: [String: [Date]] = [:]

    func isBlocked(username: String, address: String, now: Date = Date()) -> Bool {
        [Self.key(username: username), Self.key(address: address)].contains { recent($0, now: now).count >= Self.limit }
    }

    func recordFailure(username: String, address: String, now: Date = Date()) {
        for key in [Self.key(username: username), Self.key(address: address)] {
            failures[key] = recent(key, now: now) + [now]
        }
    }

    func recordSuccess(username: String) {
        failures[Self.key(username: username)] = nil
    }

    private func recent(_ key: String, now: Date) -> [Date] {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
    }

    private static func key(username: String) -> String { "user:" + username.lowercased() }
    private static func key(address: String) -> String { "address:" + address }
}
