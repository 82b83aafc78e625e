import AttuneCore
import AttuneStore
import Foundation
import NIOHTTP1
import Testing
import VaporTesting
@testable import AttuneWeb

let testPassword = "correct horse battery staple"

/// Builds the app exactly as `attune serve` does, on a fresh in-memory SQLite database, and
/// again on a fresh PostgreSQL database when ATTUNE_TEST_POSTGRES_URL names a server (as
/// `.ci/run` does): every web test runs on both engines. With the demo, the demo users have
/// `testPassword`.
func withAttune(demo: Bool, currentProgramme: Bool = false, clock: TestClock = TestClock(), wording: MeasureWording? = nil,
                reminders: (sender: any ReminderSender, everySeconds: Int)? = nil,
                _ test: (Application) async throws -> Void) async throws {
    func run(on database: DatabaseLocation) async throws {
        try await withApp(configure: { app async throws in
            app.logger.logLevel = .warning
            try await configureAttune(app, settings: WebSettings(
                database: database, loadDemo: demo, demoPassword: testPassword,
                wording: wording, demoCurrentProgramme: currentProgramme, reminders: reminders, now: { clock.now }))
        }, test)
    }
    try await run(on: .sqliteMemory(identifier: UUID().uuidString))
    if let server = ProcessInfo.processInfo.environment["ATTUNE_TEST_POSTGRES_URL"], !server.isEmpty {
        try await ScratchDatabase.withPostgres(server: server) { location in try await run(on: location) }
    }
}

/// A clock a test moves on by hand (the real time plus an offset).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0
    var now: Date { lock.withLock { Date().addingTimeInterval(offset) } }
    func advance(by seconds: TimeInterval) { lock.withLock { offset += seconds } }
}

func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// A browser's worth of state for HTTP tests: the session cookie and the CSRF token of the
/// last page, sent back as a browser would.
struct WebSession {
    let app: Application
    var cookie: String?
    var csrf = ""

    init(app: Application) { self.app = app }

    /// Signs in (creating an administrator of that name when the database has no such user).
    static func signIn(_ app: Application, as username: String = "demo-admin", password: String = testPassword) async throws -> WebSession {
        if try await UserStore.find(username: username, on: app.db) == nil {
            _ = try await Accounts.create(username: username, displayName: "Test \(username)", role: .admin, password: password,
                                          centres: [], on: app.db)
        }
        var session = WebSession(app: app)
        _ = try await session.get("/login")
        let response = try await session.post("/login", ["username": username, "password": password])
        #expect(response.status == .seeOther, "sign-in of \(username) failed: \(response.status)")
        _ = try await session.get("/")
        return session
    }

    mutating func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path)
    }

    /// A form post, with this session's CSRF token unless `csrf` says otherwise.
    mutating func post(_ path: String, _ form: [String: String], csrf token: String?? = .none) async throws -> TestingHTTPResponse {
        var fields = form
        switch token {
        case .none: fields["_csrf"] = csrf
        case .some(.none): break
        case .some(.some(let given)): fields["_csrf"] = given
        }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    mutating func send(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: "attune_session=\(cookie)") }
        var buffer: ByteBuffer?
        if let body {
            headers.contentType = .urlEncodedForm
            buffer = ByteBuffer(string: body)
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: buffer)
        if let value = response.headers.setCookie?["attune_session"] { cookie = value.string }
        if let match = response.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/) { csrf = String(match.1) }
        return response
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
