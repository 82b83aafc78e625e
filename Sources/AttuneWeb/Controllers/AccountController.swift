import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// A user's own password: chosen at the first sign-in after an administrator set a one-time
/// password (`RequireOwnPassword` leads there), or changed at any time.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.accountPassword.pathComponents, use: form)
        routes.post(SiteRoute.accountPassword.pathComponents, use: change)
    }

    @Sendable
    func form(request: Request) async throws -> Response {
        render(request, problems: [:])
    }

    struct Form: Content {
        var current_password: String?
        var new_password: String?
        var confirm_password: String?
    }

    @Sendable
    func change(request: Request) async throws -> Response {
        let user = try request.user
        let submitted = try request.content.decode(Form.self)
        let (current, new, confirm) = (submitted.current_password ?? "", submitted.new_password ?? "", submitted.confirm_password ?? "")
        guard let stored = try await UserStore.find(id: user.id, on: request.db) else { throw Abort(.unauthorized) }
        var problems: [String: String] = [:]
        let verified = try await request.application.threadPool.runIfActive { Passwords.verify(current, against: stored.passwordHash) }
        if !verified { problems["current_password"] = "This is not your current password." }
        do { try Passwords.check(new, record: "your new password") } catch let error as ReachInputError {
            problems["new_password"] = "Your new password has \(error.message)."
        }
        if problems["new_password"] == nil, verified, new == current {
            problems["new_password"] = "Choose a password other than the one you have now."
        }
        if confirm != new { problems["confirm_password"] = "The two new passwords differ; type the same one twice." }
        guard problems.isEmpty else { return render(request, problems: problems, status: .unprocessableEntity) }
        let hash = try await request.application.threadPool.runIfActive { try Passwords.hash(new) }
        try await UserStore.setPassword(user.id, hash: hash, chosenForHer: false, on: request.db)
        request.session.data["flash"] = "Your password is changed."
        return request.redirect(to: SiteRoute.home.path, redirectType: .normal)
    }

    private func render(_ request: Request, problems: [String: String], status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request, section: .none)
        return PageFrame.render(title: "Your password", context: context,
                                main: AccountPasswordPage.main(context: context, problems: problems), status: status)
    }
}
