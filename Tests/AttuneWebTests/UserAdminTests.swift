import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// The administrator's users pages (issue 25): adding a user with a one-time password shown
/// once, which its holder must replace at the first sign-in; changing a role and centres;
/// disabling an account; resetting a password; ending an account's sessions. Every refusal
/// names its field and saves nothing; no one but an administrator gets in.
@Suite("Administrator: users")
struct UserAdminTests {
    /// The one-time password a page shows.
    static func oneTimePassword(in html: String) -> String? {
        html.firstMatch(of: /<p class="secret"><code>([a-z0-9-]+)<\/code><\/p>/).map { String($0.1) }
    }

    static func userID(_ username: String, on app: Application) async throws -> String {
        try #require(try await UserStore.find(username: username, on: app.db)).id.uuidString
    }

    @Test("a manager added by the administrator signs in with the one-time password, must choose her own first, and then works")
    func addedUserChoosesOwnPassword() async throws {
        try await withAttune(demo: true) { app async throws in
            var admin = try await WebSession.signIn(app)
            let list = try await admin.get("/admin/users")
            #expect(list.status == .ok)
            // The administrator's own links, as links.
            #expect(list.body.string.contains("<a href=\"/admin/users\" aria-current=\"page\">Users</a><a href=\"/admin/centres\">Centres</a>"))
            #expect(list.body.string.contains("demo-manager-a"))
            let added = try await admin.post("/admin/users", ["username": "Nadia.K", "display_name": "Nadia Khan", "role": "manager", "centres": "A, B"])
            #expect(added.status == .ok)
            let once = try #require(Self.oneTimePassword(in: added.body.string))
            #expect(added.body.string.contains("nadia.k is added"))
            let stored = try #require(try await UserStore.find(username: "nadia.k", on: app.db))
            #expect(stored.role == .manager && stored.centres == ["A", "B"] && stored.mustChangePassword)
            #expect(!stored.passwordHash.contains(once))

            var nadia = WebSession(app: app)
            _ = try await nadia.get("/login")
            #expect(try await nadia.post("/login", ["username": "nadia.k", "password": once]).status == .seeOther)
            // Every page leads to choosing her own password, and nothing else can be done.
            let home = try await nadia.get("/")
            #expect(home.status == .seeOther && home.headers.first(name: .location) == "/account/password")
            let form = try await nadia.get("/account/password")
            #expect(form.body.string.contains("Choose your password"))
            #expect(try await nadia.post("/dyads/A1-D01/follow-ups", ["action": "x"]).status == .forbidden)
            // Every problem at once, beside its field, and nothing changed.
            let refused = try await nadia.post("/account/password", ["current_password": "wrong", "new_password": "short", "confirm_password": "other"])
            #expect(refused.status == .unprocessableEntity)
            for field in ["current_password", "new_password", "confirm_password"] {
                #expect(refused.body.string.contains("id=\"field-\(field)-error\""), "\(field)")
            }
            #expect(refused.body.string.contains("Your password was not changed: 3 things to correct"))
            let same = try await nadia.post("/account/password", ["current_password": once, "new_password": once, "confirm_password": once])
            #expect(same.body.string.contains("Choose a password other than the one you have now."))
            let mine = "a kettle on the windowsill"
            let changed = try await nadia.post("/account/password", ["current_password": once, "new_password": mine, "confirm_password": mine])
            #expect(changed.status == .seeOther)
            #expect(try await nadia.get("/").status == .ok)
            #expect(try await UserStore.find(username: "nadia.k", on: app.db)?.mustChangePassword == false)
            // The one-time password no longer signs in; hers does.
            var again = WebSession(app: app)
            _ = try await again.get("/login")
            #expect(try await again.post("/login", ["username": "nadia.k", "password": once]).status == .unauthorized)
            #expect(try await again.post("/login", ["username": "nadia.k", "password": mine]).status == .seeOther)
        }
    }

    @Test("adding a user with every field wrong names each field at once and adds nobody")
    func addRefused() async throws {
        try await withAttune(demo: true) { app async throws in
            var admin = try await WebSession.signIn(app)
            let before = try await UserStore.all(on: app.db).count
            let refused = try await admin.post("/admin/users", ["username": "x!", "display_name": " ", "role": "manager", "centres": "A, NOPE"])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("The user was not added: 3 things to correct"))
            #expect(html.contains("No centre has the code NOPE."))
            for field in ["username", "display_name", "centres"] { #expect(html.contains("id=\"field-\(field)-error\""), "\(field)") }
            // What was typed is kept.
            #expect(html.contains("value=\"A, NOPE\""))
            let taken = try await admin.post("/admin/users", ["username": "demo-manager-a", "display_name": "Again", "role": "facilitator", "centres": ""])
            #expect(taken.body.string.contains("Demo-manager-a is already taken.") || taken.body.string.contains("demo-manager-a is already taken"))
            #expect(taken.body.string.contains("A facilitator belongs to at least one centre"))
            #expect(try await UserStore.all(on: app.db).count == before)
        }
    }

    @Test("disabling an account signs it out at once and refuses its sign-in; a new one-time password or ending its sessions signs it out too")
    func disableResetEnd() async throws {
        try await withAttune(demo: true) { app async throws in
            var admin = try await WebSession.signIn(app)
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            #expect(try await facilitator.get("/").status == .ok)
            let id = try await Self.userID("demo-facilitator-a", on: app)

            // Moved to centre B as a manager, still signed in: the change holds at her next page.
            _ = try await admin.get("/admin/users/\(id)")
            #expect(try await admin.post("/admin/users/\(id)", ["display_name": "Fay", "role": "manager", "centres": "B", "enabled": "on"]).status == .seeOther)
            #expect(try await facilitator.get("/").status == .ok)
            let moved = try #require(try await UserStore.find(id: UUID(uuidString: id)!, on: app.db))
            #expect(moved.role == .manager && moved.centres == ["B"] && moved.displayName == "Fay")

            // Disabled: signed out at the next request, and her password no longer signs in.
            _ = try await admin.get("/admin/users/\(id)")
            #expect(try await admin.post("/admin/users/\(id)", ["display_name": "Fay", "role": "manager", "centres": "B"]).status == .seeOther)
            let out = try await facilitator.get("/")
            #expect(out.status == .seeOther && out.headers.first(name: .location) == "/login")
            #expect(try await facilitator.get("/login").body.string.contains("an administrator changed your account"))
            let refused = try await facilitator.post("/login", ["username": "demo-facilitator-a", "password": testPassword])
            #expect(refused.status == .forbidden && refused.body.string.contains("This account is disabled."))

            // Enabled again; then a new one-time password ends the session she opens.
            _ = try await admin.get("/admin/users/\(id)")
            #expect(try await admin.post("/admin/users/\(id)", ["display_name": "Fay", "role": "manager", "centres": "B", "enabled": "on"]).status == .seeOther)
            facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            _ = try await admin.get("/admin/users/\(id)")
            let reset = try await admin.post("/admin/users/\(id)/password", [:])
            let once = try #require(Self.oneTimePassword(in: reset.body.string))
            #expect(try await facilitator.get("/").headers.first(name: .location) == "/login")
            var fresh = WebSession(app: app)
            _ = try await fresh.get("/login")
            #expect(try await fresh.post("/login", ["username": "demo-facilitator-a", "password": testPassword]).status == .unauthorized)
            #expect(try await fresh.post("/login", ["username": "demo-facilitator-a", "password": once]).status == .seeOther)
            #expect(try await fresh.get("/").headers.first(name: .location) == "/account/password")

            // Ending her sessions signs that one out too, and keeps the password.
            _ = try await admin.get("/admin/users/\(id)")
            #expect(try await admin.post("/admin/users/\(id)/sessions", [:]).status == .seeOther)
            #expect(try await fresh.get("/account/password").headers.first(name: .location) == "/login")
            var last = WebSession(app: app)
            _ = try await last.get("/login")
            #expect(try await last.post("/login", ["username": "demo-facilitator-a", "password": once]).status == .seeOther)
        }
    }

    @Test("an administrator cannot disable herself or take away her own role; no one else may open or post to the users pages")
    func guarded() async throws {
        try await withAttune(demo: true) { app async throws in
            var admin = try await WebSession.signIn(app)
            let me = try await Self.userID("demo-admin", on: app)
            _ = try await admin.get("/admin/users/\(me)")
            let refused = try await admin.post("/admin/users/\(me)", ["display_name": "Me", "role": "manager", "centres": "A"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("You cannot disable your own account"))
            #expect(refused.body.string.contains("You cannot take away your own administrator role"))
            #expect(try await UserStore.find(username: "demo-admin", on: app.db)?.role == .admin)
            #expect(try await admin.post("/admin/users/\(me)/password", [:]).status == .conflict)

            let other = try await Self.userID("demo-facilitator-b", on: app)
            for username in ["demo-manager-a", "demo-facilitator-a", "demo-evaluator"] {
                var user = try await WebSession.signIn(app, as: username)
                #expect(try await user.get("/admin/users").status == .forbidden, "\(username)")
                #expect(try await user.get("/admin/users/\(other)").status == .forbidden, "\(username)")
                #expect(try await user.post("/admin/users", ["username": "sneaky", "display_name": "S", "role": "admin"]).status == .forbidden)
                #expect(try await user.post("/admin/users/\(other)/password", [:]).status == .forbidden)
                #expect(!(try await user.get("/").body.string.contains("href=\"/admin/users\"")), "no Users link for \(username)")
            }
            #expect(try await UserStore.find(username: "sneaky", on: app.db) == nil)
            // Without the form's CSRF token nothing happens either.
            #expect(try await admin.post("/admin/users/\(other)/sessions", [:], csrf: .some(nil)).status == .forbidden)
        }
    }
}
