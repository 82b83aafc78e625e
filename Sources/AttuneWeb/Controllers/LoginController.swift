import AttuneStore
import Vapor

/// Sign in and sign out. One answer for an unknown user and a wrong password; a fresh session id
/// on sign-in, so a session id planted before sign-in is worthless after it.
struct LoginController: RouteCollection {
    let throttle: LoginThrottle
    let now: @Sendable () -> Date

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.login.pathComponents, use: form)
        routes.post(SiteRoute.login.pathComponents, use: signIn)
        routes.post(SiteRoute.logout.pathComponents, use: signOut)
    }

    static let refused = "That username and password do not match. Check them and try again."
    static let throttled = "Too many attempts to sign in. Wait 15 minutes and try again, or ask your administrator."

    @Sendable
    func form(request: Request) async throws -> Response {
        if request.auth.has(SignedInUser.self) { return request.redirect(to: SiteRoute.home.path) }
        let expired = request.session.data[SessionKeys.expired] != nil
        request.session.data[SessionKeys.expired] = nil
        return page(request, username: "", message: expired ? "You were signed out after a time without activity. Sign in again." : nil)
    }

    struct Form: Content {
        var username: String
        var password: String
    }

    @Sendable
    func signIn(request: Request) async throws -> Response {
        let submitted = try request.content.decode(Form.self)
        let username = submitted.username.trimmingCharacters(in: .whitespaces).lowercased()
        let address = request.remoteAddress?.ipAddress ?? "unknown"
        if await throttle.isBlocked(username: username, address: address) {
            return page(request, username: username, message: Self.throttled, status: .tooManyRequests)
        }
        let user = try await UserStore.find(username: username, on: request.db)
        // Bcrypt at cost 12 takes a quarter of a second of CPU: on the thread pool, not on the
        // threads that serve every other request.
        let password = submitted.password, hash = user?.passwordHash
        let verified = try await request.application.threadPool.runIfActive { Passwords.verify(password, against: hash) }
        guard verified, let user else {
            await throttle.recordFailure(username: username, address: address)
            return page(request, username: username, message: Self.refused, status: .unauthorized)
        }
        await throttle.recordSuccess(username: username)
        // A new session id at sign-in: drop the old session and start another.
        if let old = request.session.id {
            try? await request.application.sessions.driver.deleteSession(old, for: request).get()
        }
        request.session.id = nil
        request.session.data = SessionData()
        request.session.data[SessionKeys.user] = user.id.uuidString
        request.session.data[SessionKeys.lastSeen] = String(now().timeIntervalSince1970)
        _ = request.csrfToken
        return request.redirect(to: SiteRoute.home.path, redirectType: .normal)
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
        request.auth.logout(SignedInUser.self)
        request.session.destroy()
        return request.redirect(to: SiteRoute.login.path, redirectType: .normal)
    }
}
