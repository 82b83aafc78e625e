import AttuneStore
import Vapor

/// Sign in and sign out. One answer for an unknown user and a wrong password, and one for a
/// throttled attempt whether or not the user exists; a fresh session id on sign-in, so a
/// session id planted before sign-in is worthless after it.
struct LoginController: RouteCollection {
    let throttle: LoginThrottle
    /// The proxy whose `X-Forwarded-For` names the client (`ClientAddress`); nil to ignore it.
    let trustedProxy: TrustedProxy?
    /// How long a session lasts from sign-in, whatever the activity.
    let sessionLifetime: TimeInterval
    let now: @Sendable () -> Date

    init(throttle: LoginThrottle, trustedProxy: TrustedProxy?, sessionLifetime: TimeInterval, now: @escaping @Sendable () -> Date) {
        self.throttle = throttle
        self.trustedProxy = trustedProxy
        self.sessionLifetime = sessionLifetime
        self.now = now
    }

    /// As `attune serve` (or a test) asks.
    init(settings: WebSettings) {
        self.init(throttle: LoginThrottle(now: settings.now), trustedProxy: settings.trustedProxy,
                  sessionLifetime: settings.sessionLifetimeSeconds, now: settings.now)
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.login.pathComponents, use: form)
        routes.post(SiteRoute.login.pathComponents, use: signIn)
        routes.post(SiteRoute.logout.pathComponents, use: signOut)
    }

    static let refused = "That username and password do not match. Check them and try again."
    static let throttled = "Too many attempts to sign in. Wait 15 minutes and try again, or ask your administrator."
    static let tooLong = """
        That password is longer than Attune accepts (\(Passwords.maximumBytes) bytes: \(Passwords.maximumBytes) plain letters, \
        fewer with accents), so it cannot be right. If yours is longer, ask your administrator for a new one.
        """
    static let idle = "You were signed out after a time without activity. Sign in again."
    static let revoked = "You were signed out: an administrator changed your account or ended its sessions. Sign in again, or ask your administrator."
    static let disabled = "This account is disabled. Ask your administrator to enable it."

    /// What the sign-in page says after a session reached its lifetime.
    var lifetimeEnded: String {
        let hours = sessionLifetime / 3600
        let length = hours == hours.rounded() ? "\(Int(hours)) hour\(hours == 1 ? "" : "s")" : "\(Int(sessionLifetime / 60)) minutes"
        return "Your session has ended: a session lasts \(length) from signing in, however busy. Sign in again."
    }

    @Sendable
    func form(request: Request) async throws -> Response {
        if request.auth.has(SignedInUser.self) { return request.redirect(to: SiteRoute.home.path) }
        let ended = request.session.data[SessionKeys.expired].map { SessionEnd(rawValue: $0) ?? .idle }
        request.session.data[SessionKeys.expired] = nil
        let message: String? = switch ended {
        case .idle?: Self.idle
        case .lifetime?: lifetimeEnded
        case .revoked?: Self.revoked
        case nil: nil
        }
        return page(request, username: "", message: message)
    }

    struct Form: Content {
        var username: String
        var password: String
    }

    @Sendable
    func signIn(request: Request) async throws -> Response {
        let submitted = try request.content.decode(Form.self)
        let username = UserStore.normalisedUsername(submitted.username)
        let address = ClientAddress.of(request, trustedProxy: trustedProxy)
        // Counted before anything about the user is read: a throttled attempt gets the same
        // answer, in the same time, whether or not the user exists.
        guard let attempt = try await throttle.admit(username: username, address: address, on: request.db) else {
            try await refusal("too many attempts", username: username, known: try await UserStore.find(username: username, on: request.db) != nil, request)
            return page(request, username: username, message: Self.throttled, status: .tooManyRequests)
        }
        let user = try await UserStore.find(username: username, on: request.db)
        // Bcrypt at cost 12 takes a quarter of a second of CPU: on the thread pool, not on the
        // threads that serve every other request.
        let password = submitted.password, hash = user?.passwordHash
        let verified = try await request.application.threadPool.runIfActive { Passwords.verify(password, against: hash) }
        guard verified, let user else {
            // The attempt stays recorded: it is a failure.
            let message = Passwords.couldBeStored(password) ? Self.refused : Self.tooLong
            try await refusal(user == nil ? "no such user" : "wrong password", username: username, known: user != nil, request)
            return page(request, username: username, message: message, status: .unauthorized)
        }
        try await throttle.succeeded(attempt, on: request.db)
        // Said only to someone who knows the password.
        if user.disabled {
            try await refusal("account disabled", username: username, known: true, request)
            return page(request, username: username, message: Self.disabled, status: .forbidden)
        }
        try await ActivityLog.record(.signIn, summary: "Signed in", by: user.username, at: now(), on: request.db)
        // A new session id at sign-in: drop the old session and start another.
        if let old = request.session.id {
            try? await request.application.sessions.driver.deleteSession(old, for: request).get()
        }
        request.session.id = nil
        request.session.data = SessionData()
        let signedIn = now().timeIntervalSince1970
        request.session.data[SessionKeys.user] = user.id.uuidString
        request.session.data[SessionKeys.lastSeen] = String(signedIn)
        request.session.data[SessionKeys.ends] = String(signedIn + sessionLifetime)
        request.session.data[SessionKeys.epoch] = String(user.sessionEpoch)
        _ = request.csrfToken
        return request.redirect(to: SiteRoute.home.path, redirectType: .normal)
    }

    /// A refused sign-in in the activity log, under the username only when it is a user's:
    /// what someone typed there may be a password.
    private func refusal(_ why: String, username: String, known: Bool, _ request: Request) async throws {
        try await ActivityLog.record(.signInRefused, summary: "Sign-in refused: \(why)", by: known ? username : "(unknown username)",
                                     at: now(), on: request.db)
    }

    private func page(_ request: Request, username: String, message: String?, status: HTTPResponseStatus = .ok) -> Response {
        // The form's session is made here, for its CSRF token: timed, so that it is removed
        // once long unused (`StaleSessionPurge`) like a signed-in one.
        if request.session.data[SessionKeys.lastSeen] == nil {
            request.session.data[SessionKeys.lastSeen] = String(now().timeIntervalSince1970)
        }
        let context = PageContext(request, section: .none)
        return PageFrame.render(title: "Sign in", context: context,
                                main: LoginPage.main(context: context, username: username, message: message), status: status)
    }

    @Sendable
    func signOut(request: Request) async throws -> Response {
        if request.auth.has(SignedInUser.self) { try await ActivityLog.record(.signOut, summary: "Signed out", at: now(), on: request.db) }
        request.auth.logout(SignedInUser.self)
        request.session.destroy()
        return request.redirect(to: SiteRoute.login.path, redirectType: .normal)
    }
}
