import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// The first administrator from the web (issue 25): on a database with no users the server
/// prints a one-time address; only it opens the form, and only until someone can sign in.
@Suite("The first administrator")
struct FirstAdministratorTests {
    @Test("the printed address creates the administrator, who signs in; a wrong token and any later visit answer 404")
    func firstAdministrator() async throws {
        try await withApp(configure: { app async throws in
            app.logger.logLevel = .warning
            let report = try await configureAttune(app, settings: WebSettings(database: .sqliteMemory(identifier: UUID().uuidString)))
            app.storage[TokenKey.self] = report.setupToken
        }) { app async throws in
            let token = try #require(app.storage[TokenKey.self])
            #expect(token.count == 32)
            var visitor = WebSession(app: app)
            #expect(try await visitor.get("/setup?token=\(String(repeating: "0", count: 32))").status == .notFound)
            #expect(try await visitor.get("/setup").status == .notFound)
            let form = try await visitor.get("/setup?token=\(token)")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("Create the administrator"))

            let short = try await visitor.post("/setup", ["token": token, "username": "ada", "display_name": "Ada Admin", "password": "short",
                                                          "confirm_password": "other"])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("The password has 5 characters"))
            #expect(short.body.string.contains("The two passwords differ"))
            #expect(try await UserStore.all(on: app.db).isEmpty)

            let password = "three words suffice here"
            let created = try await visitor.post("/setup", ["token": token, "username": "ada", "display_name": "Ada Admin",
                                                            "password": password, "confirm_password": password])
            #expect(created.status == .seeOther)
            #expect(try await UserStore.all(on: app.db).map(\.role) == [.admin])
            #expect(try await visitor.get("/setup?token=\(token)").status == .notFound)
            let again = try await visitor.post("/setup", ["token": token, "username": "eve", "display_name": "Eve", "password": password,
                                                          "confirm_password": password])
            #expect(again.status == .notFound)
            _ = try await WebSession.signIn(app, as: "ada", password: password)
        }
    }

    @Test("a database with users has no setup address")
    func none() async throws {
        try await withAttune(demo: true) { app async throws in
            var visitor = WebSession(app: app)
            #expect(try await visitor.get("/setup?token=x").status == .notFound)
        }
    }

    struct TokenKey: StorageKey { typealias Value = String }
}
