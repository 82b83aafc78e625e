import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// The administrator's users: the list, adding one with a one-time password, changing a
/// name, role, centres or whether the account may sign in, resetting a password, and ending an
/// account's sessions. A one-time password is shown once, on the page that made it, and never
/// stored but as its hash; its holder chooses her own at the first sign-in.
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.users.pathComponents, use: list)
        routes.post(SiteRoute.users.pathComponents, use: create)
        routes.get(SiteRoute.user(":id").pathComponents, use: edit)
        routes.post(SiteRoute.user(":id").pathComponents, use: update)
        routes.post(SiteRoute.userPassword(":id").pathComponents, use: resetPassword)
        routes.post(SiteRoute.userSessions(":id").pathComponents, use: endSessions)
    }

    /// What the add and edit forms submit.
    struct Form: Content {
        var username: String?
        var display_name: String?
        var role: String?
        var centres: String?
        /// "on" when the account may sign in (edit form only).
        var enabled: String?

        var centreCodes: [String] { FormField.codes(centres) }

        /// The form's values as typed, to fill the form again after a refusal.
        var values: [String: String] {
            ["username": username ?? "", "display_name": display_name ?? "", "role": role ?? "", "centres": centres ?? "",
             "enabled": enabled ?? ""]
        }
    }

    @Sendable
    func list(request: Request) async throws -> Response {
        _ = try request.require(.manageUsers)
        return try await renderList(request, values: ["role": Role.facilitator.rawValue], problems: [:])
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        _ = try request.require(.manageUsers)
        let form = try request.content.decode(Form.self)
        var problems: [String: String] = [:]
        let role = form.role.flatMap(Role.init(rawValue:))
        if role == nil { problems["role"] = "Choose a role." }
        problems.merge(try await UserStore.problems(username: form.username ?? "", displayName: form.display_name ?? "", role: role ?? .admin,
                                                    centres: form.centreCodes, on: request.db)) { first, _ in first }
        guard problems.isEmpty, let role else {
            return try await renderList(request, values: form.values, problems: RecordForm.sentences(problems), status: .unprocessableEntity)
        }
        let password = Passwords.generate()
        let hash = try await request.application.threadPool.runIfActive { try Passwords.hash(password) }
        let user: StoredUser
        do {
            user = try await UserStore.create(username: form.username ?? "", displayName: form.display_name ?? "", role: role, passwordHash: hash,
                                              centres: form.centreCodes, mustChangePassword: true, now: request.now, on: request.db)
        } catch let error as ReachInputError {
            return try await renderList(request, values: form.values, problems: RecordForm.sentences([error.field: error.message]), status: .unprocessableEntity)
        } catch let error as FormProblems {
            return try await renderList(request, values: form.values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
        }
        return oneTimePassword(request, user: user, password: password, made: "added")
    }

    @Sendable
    func edit(request: Request) async throws -> Response {
        _ = try request.require(.manageUsers)
        let user = try await Self.user(request)
        let context = PageContext(request, section: .users)
        return render(context, title: "User \(user.username)", main: UsersPage.edit(context: context, user: user, values: UsersPage.values(of: user), problems: [:]))
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        let admin = try request.require(.manageUsers)
        let user = try await Self.user(request)
        let form = try request.content.decode(Form.self)
        var problems: [String: String] = [:]
        let role = form.role.flatMap(Role.init(rawValue:))
        if role == nil { problems["role"] = "Choose a role." }
        let disabled = form.enabled == nil
        // An administrator cannot lock herself out: another one must do that.
        if user.id == admin.id {
            if disabled { problems["enabled"] = "You cannot disable your own account; another administrator can." }
            if let role, role != .admin { problems["role"] = "You cannot take away your own administrator role; another administrator can." }
        }
        problems.merge(try await UserStore.problems(username: nil, displayName: form.display_name ?? "", role: role ?? .admin,
                                                    centres: form.centreCodes, existing: user.id, on: request.db)) { first, _ in first }
        guard problems.isEmpty, let role else {
            let context = PageContext(request, section: .users)
            return render(context, title: "User \(user.username)", main: UsersPage.edit(
                context: context, user: user, values: form.values, problems: RecordForm.sentences(problems)), status: .unprocessableEntity)
        }
        let changed = try await UserStore.update(user.id, displayName: form.display_name ?? "", role: role, centres: form.centreCodes,
                                                 disabled: disabled, on: request.db)
        request.session.data["flash"] = "Saved \(changed.username)" + (disabled && !user.disabled ? ": the account is disabled and its sessions ended." : ".")
        return request.redirect(to: SiteRoute.users.path, redirectType: .normal)
    }

    @Sendable
    func resetPassword(request: Request) async throws -> Response {
        let admin = try request.require(.manageUsers)
        let user = try await Self.user(request)
        guard user.id != admin.id else {
            throw Abort(.conflict, reason: "Change your own password from Password, at the top of every page.")
        }
        let password = Passwords.generate()
        let hash = try await request.application.threadPool.runIfActive { try Passwords.hash(password) }
        try await UserStore.setPassword(user.id, hash: hash, chosenForHer: true, on: request.db)
        return oneTimePassword(request, user: user, password: password, made: "given a new one-time password")
    }

    @Sendable
    func endSessions(request: Request) async throws -> Response {
        let admin = try request.require(.manageUsers)
        let user = try await Self.user(request)
        guard user.id != admin.id else { throw Abort(.conflict, reason: "To end your own session, sign out.") }
        try await UserStore.endSessions(of: user.id, on: request.db)
        request.session.data["flash"] = "Every session of \(user.username) has ended: they are signed out wherever they were."
        return request.redirect(to: SiteRoute.user(user.id.uuidString).path, redirectType: .normal)
    }

    // MARK: Helpers

    /// The user the address names; 404 for none.
    static func user(_ request: Request) async throws -> StoredUser {
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let user = try await UserStore.find(id: id, on: request.db) else { throw Abort(.notFound) }
        return user
    }

    private func renderList(_ request: Request, values: [String: String], problems: [String: String],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let users = try await UserStore.all(on: request.db)
        // The form names the centres only when there are few (`UsersPage.centresField`): never read them all.
        let centres = try await CentreStore.list(ListQuery(), on: request.db).items.map { (code: $0.centre.id, name: $0.centre.name) }
        let context = PageContext(request, section: .users)
        return render(context, title: "Users", main: UsersPage.list(context: context, users: users, centres: centres, values: values,
                                                                    problems: problems), status: status)
    }

    private func oneTimePassword(_ request: Request, user: StoredUser, password: String, made: String) -> Response {
        let context = PageContext(request, section: .users)
        return render(context, title: "One-time password for \(user.username)",
                      main: UsersPage.oneTimePassword(context: context, user: user, password: password, made: made))
    }

    /// One context per page: making it takes the session's one-time message.
    private func render(_ context: PageContext, title: String, main: SafeHTML, status: HTTPResponseStatus = .ok) -> Response {
        PageFrame.render(title: title, context: context, main: main, status: status)
    }
}
