import AttuneCore
import AttuneStore
import FluentKit
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

@Suite("Sign-in, sessions, CSRF, roles and centre scoping")
struct AccessTests {
    @Test("the session cookie is HttpOnly and SameSite=Lax, and sign-in issues a new session id")
    func cookies() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = WebSession(app: app)
            let login = try await web.get("/login")
            let cookie = try #require(login.headers.setCookie?["attune_session"])
            #expect(cookie.isHTTPOnly)
            #expect(cookie.sameSite == .lax)
            #expect(!cookie.isSecure)
            let raw = try #require(login.headers.first(name: .setCookie))
            #expect(raw.contains("HttpOnly") && raw.contains("SameSite=Lax"))
            let before = web.cookie
            let signedIn = try await web.post("/login", ["username": "demo-facilitator-a", "password": testPassword])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers.first(name: .location) == "/")
            #expect(web.cookie != nil && web.cookie != before, "the session id must change at sign-in")
            let dashboard = try await web.get("/")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.string.contains("Demo facilitator, centre A"))
            // The old session id is worthless after sign-in.
            var planted = WebSession(app: app)
            planted.cookie = before
            #expect(try await planted.get("/").status == .seeOther)
            // Signing out ends the session.
            _ = try await web.post("/logout", [:])
            #expect(try await web.get("/").status == .seeOther)
        }
    }

    @Test("an unknown user and a wrong password get the same answer; repeated failures throttle that account, with one answer whether or not it exists")
    func sameAnswerAndThrottle() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = WebSession(app: app)
            _ = try await web.get("/login")
            let wrong = try await web.post("/login", ["username": "demo-admin", "password": "not the password at all"])
            let unknown = try await web.post("/login", ["username": "nobody-here", "password": "not the password at all"])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == wrong.status)
            let strip = { (body: String) in
                ["demo-admin", "nobody-here", "ghost"].reduce(body) { $0.replacingOccurrences(of: $1, with: "X") }
                    .replacing(/value="[A-Za-z0-9_-]{30,}"/, with: "")
            }
            #expect(strip(wrong.body.string) == strip(unknown.body.string))
            for _ in 0..<4 { _ = try await web.post("/login", ["username": "demo-admin", "password": "still not it, sorry"]) }
            // Five failures for the account from this address: even the right password is
            // refused for a while, with the same answer as for a name that does not exist.
            let blocked = try await web.post("/login", ["username": "demo-admin", "password": testPassword])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.body.string.contains("Too many attempts"))
            for _ in 0..<5 { _ = try await web.post("/login", ["username": "ghost", "password": "still not it, sorry"]) }
            let ghost = try await web.post("/login", ["username": "ghost", "password": "whatever it is now"])
            #expect(ghost.status == .tooManyRequests)
            #expect(strip(blocked.body.string) == strip(ghost.body.string))
            // Someone else at the same address is not locked out.
            var colleague = WebSession(app: app)
            _ = try await colleague.get("/login")
            #expect(try await colleague.post("/login", ["username": "demo-manager-a", "password": testPassword]).status == .seeOther)
        }
    }

    @Test("a session idle for longer than the timeout is signed out")
    func idleTimeout() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, clock: clock) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-manager-a")
            clock.advance(by: 29 * 60)
            #expect(try await web.get("/").status == .ok) // 29 minutes idle: still signed in
            clock.advance(by: 31 * 60)
            let expired = try await web.get("/")
            #expect(expired.status == .seeOther)
            #expect(try await web.get("/login").body.string.contains("signed out after a time without activity"))
        }
    }

    @Test("sessions unused for a day are removed, sign-in forms' too, at start-up and every hour; those in use stay")
    func staleSessionsRemoved() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, clock: clock) { app async throws in
            var signedIn = try await WebSession.signIn(app, as: "demo-manager-a")
            var form = WebSession(app: app)
            _ = try await form.get("/login")
            // A session from before sessions were timed: no time of last use.
            let untimed = try await app.sessions.driver.createSession(SessionData(initialData: ["csrf": "untimed"]),
                                                                      for: Request(application: app, on: app.eventLoopGroup.any())).get()
            func stored(_ key: String?) async throws -> Bool { try await WebSessionStore.data(key: try #require(key), on: app.db) != nil }
            #expect(try await stored(signedIn.cookie))
            #expect(try await stored(form.cookie))
            #expect(try await stored(untimed.string))

            // What the hourly purge does, started as at start-up.
            let purge = StaleSessionPurge(now: { clock.now })
            try purge.didBoot(app)
            defer { purge.shutdown(app) }
            for _ in 0..<50 {
                guard try await stored(untimed.string) else { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await !stored(untimed.string))
            #expect(try await stored(signedIn.cookie))
            #expect(try await stored(form.cookie))
            #expect(try await signedIn.get("/").status == .ok)

            // A day and an hour later, both are gone: the signed-in one is asked to sign in again.
            clock.advance(by: StaleSessionPurge.keptFor + 3600)
            try await WebSessionStore.purge(notSeenSince: clock.now.addingTimeInterval(-StaleSessionPurge.keptFor), on: app.db)
            #expect(try await !stored(signedIn.cookie))
            #expect(try await !stored(form.cookie))
            #expect(try await signedIn.get("/").status == .seeOther)
        }
    }

    @Test("a POST without a valid CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let form = ["programme": "A1", "action": "Rang her."]
            #expect(try await web.post("/dyads/A1-D05/follow-ups", form, csrf: .some(nil)).status == .forbidden)
            #expect(try await web.post("/dyads/A1-D05/follow-ups", form, csrf: "forged-token-1234567890").status == .forbidden)
            #expect(try await FollowUpActionModel.query(on: app.db).count() == 0)
            #expect(try await web.post("/dyads/A1-D05/follow-ups", form).status == .seeOther)
            #expect(try await FollowUpActionModel.query(on: app.db).count() == 1)
            // Signing in needs the token too (no login CSRF).
            var fresh = WebSession(app: app)
            _ = try await fresh.get("/login")
            #expect(try await fresh.post("/login", ["username": "demo-admin", "password": testPassword], csrf: .some(nil)).status == .forbidden)
        }
    }

    /// Every role against every route: the expected status, where 404 means "not in your centres".
    @Test("the role by route matrix")
    func roleRouteMatrix() async throws {
        try await withAttune(demo: true) { app async throws in
            enum Call { case get(String), post(String, [String: String]) }
            let calls: [(String, Call)] = [
                ("dashboard", .get("/")), ("programmes", .get("/programmes")), ("A1", .get("/programmes/A1")), ("B7", .get("/programmes/B7")),
                ("log A1", .get("/programmes/A1/sessions/1")), ("log B7", .get("/programmes/B7/sessions/1")),
                ("dyad A1", .get("/dyads/A1-D01")), ("dyad B7", .get("/dyads/B7-D01")), ("evaluation", .get("/evaluation")),
                ("follow-up A1", .post("/dyads/A1-D05/follow-ups", ["programme": "A1", "action": "Rang her."])),
                ("follow-up B7", .post("/dyads/B7-D06/follow-ups", ["programme": "B7", "action": "Rang her."])),
                ("measure A1", .post("/dyads/A1-D01/measures", ["form": "epds", "timepoint": "follow_up"])),
                ("close A1 alert", .post("/alerts/A1-D03-epds-before-self_harm/close", ["action": ""])),
            ]
            // 200 page, 303 done, 422 refused input (allowed to try), 403 role, 404 other centre.
            let expected: [String: [Int]] = [
                "demo-admin":         [200, 200, 200, 200, 200, 200, 200, 200, 200, 303, 303, 422, 422],
                "demo-manager-a":     [200, 200, 200, 404, 200, 404, 200, 404, 200, 303, 404, 422, 422],
                "demo-facilitator-a": [200, 200, 200, 404, 200, 404, 200, 404, 200, 303, 404, 422, 422],
                "demo-facilitator-b": [200, 200, 404, 200, 404, 200, 404, 200, 200, 404, 303, 404, 404],
                // Evaluators know dyads by pseudonym only: a working code answers 404 (EvaluatorFreeTextTests).
                "demo-evaluator":     [200, 200, 200, 200, 403, 403, 404, 404, 200, 403, 403, 403, 403],
            ]
            for (user, statuses) in expected.sorted(by: { $0.key < $1.key }) {
                var web = try await WebSession.signIn(app, as: user)
                for ((name, call), status) in zip(calls, statuses) {
                    let response: TestingHTTPResponse
                    switch call {
                    case .get(let path): response = try await web.get(path)
                    case .post(let path, let form): response = try await web.post(path, form)
                    }
                    #expect(Int(response.status.code) == status, "\(user) \(name): got \(response.status.code), expected \(status)")
                }
            }
            // Nobody signed in: pages send to the sign-in page, changes are refused.
            var visitor = WebSession(app: app)
            for path in ["/", "/programmes", "/programmes/A1", "/dyads/A1-D01", "/evaluation"] {
                let response = try await visitor.get(path)
                #expect(response.status == .seeOther && response.headers.first(name: .location) == "/login", "\(path)")
            }
            #expect(try await visitor.post("/dyads/A1-D05/follow-ups", ["programme": "A1", "action": "x"]).status == .forbidden)
        }
    }

    static func main(_ html: String) -> Substring {
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return "" }
        return html[start.lowerBound..<end.upperBound]
    }

    @Test("another centre's record answers 404 on every route and verb, exactly as a record that does not exist")
    func otherCentre404() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = try await WebSession.signIn(app, as: "demo-facilitator-b")
            let missing = try await web.get("/dyads/NO-SUCH-DYAD")
            #expect(missing.status == .notFound)
            for path in ["/programmes/A1", "/programmes/A1/sessions/2", "/dyads/A1-D01", "/dyads/A1-D01/measures",
                         "/dyads/A1-D01/follow-ups", "/alerts/A1-D03-epds-before-self_harm/close"] {
                for method in [HTTPMethod.GET, .POST, .PUT, .PATCH, .DELETE] {
                    let response = method == .POST ? try await web.post(path, ["action": "x"]) : try await web.send(method, path)
                    #expect(response.status == .notFound, "\(method) \(path): \(response.status)")
                    if method == .GET && response.status == .notFound {
                        #expect(Self.main(response.body.string) == Self.main(missing.body.string))
                    }
                }
            }
            // Nothing of centre A leaks into B's own pages.
            for path in ["/", "/programmes", "/evaluation"] {
                let html = try await web.get(path).body.string
                #expect(!html.contains("A1-D0") && !html.contains(">A1<"), "\(path) shows centre A")
            }
        }
    }
}
