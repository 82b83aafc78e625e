import AttuneCore
import AttuneHTML
import AttuneStore
import Fluent
import Vapor

/// The first administrator, created from the web on a database with no users: at start-up the
/// server makes a one-time address (`/setup?token=...`) and prints it in its log, so that only
/// whoever can read the server's log can claim the site. Once anyone can sign in, the page is gone.
struct FirstAdministratorController: RouteCollection {
    /// The token the printed address carries; nil when the database had users at start-up.
    let token: String?

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.setup.pathComponents, use: form)
        routes.post(SiteRoute.setup.pathComponents, use: create)
    }

    /// A token for the address, random, 32 hex digits.
    static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The given token is the start-up one and nobody can sign in yet; otherwise 404, as for a
    /// page that does not exist.
    private func requireOpen(_ request: Request, token given: String?) async throws {
        guard let token, let given, Self.same(given, token),
              try await UserModel.query(on: request.db).count() == 0 else { throw Abort(.notFound) }
    }

    /// Compared in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    @Sendable
    func form(request: Request) async throws -> Response {
        let given = request.query[String.self, at: "token"]
        try await requireOpen(request, token: given)
        return render(request, token: given ?? "", values: [:], problems: [:])
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        let values = try request.content.decode([String: String].self)
        try await requireOpen(request, token: values["token"])
        let username = values["username"] ?? "", name = (values["display_name"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = values["password"] ?? ""
        var problems: [String: String] = [:]
        if username.trimmingCharacters(in: .whitespaces).isEmpty { problems["username"] = "Give a username to sign in with." }
        if name.isEmpty { problems["display_name"] = "Give the name people will see." }
        do { try Passwords.check(password, record: "the password") } catch let error as ReachInputError {
            problems["password"] = "The password has \(error.message)."
        }
        if values["confirm_password"] != password { problems["confirm_password"] = "The two passwords differ; type the same one twice." }
        if problems.isEmpty {
            do {
                _ = try await Accounts.create(username: username, displayName: name, role: .admin, password: password, centres: [],
                                             now: request.now, on: request.db)
            } catch let error as ReachInputError {
                problems[error.field == "username" ? "username" : "display_name"] = RecordForm.sentences(["": error.message])[""]
            } catch let error as FormProblems {
                problems = RecordForm.sentences(error.fields)
            }
        }
        guard problems.isEmpty else { return render(request, token: values["token"] ?? "", values: values, problems: problems, status: .unprocessableEntity) }
        request.session.data["flash"] = "You are the administrator. Sign in, then add the centres, facilitators and the people who will use Attune."
        return request.redirect(to: SiteRoute.login.path, redirectType: .normal)
    }

    private func render(_ request: Request, token: String, values: [String: String], problems: [String: String],
                        status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request, section: .none)
        let main: SafeHTML = """
        <h1>Set up Attune</h1>
        <p class="lede">Nobody can sign in yet. Create the administrator, who adds the centres, the facilitators and everyone else.</p>
        \(FormField.errorSummary(problems, saved: "The administrator was not created"))
        <form method="post" action="\(SiteRoute.setup.path)" class="card" novalidate>
        \(context.csrfField)<input type="hidden" name="token" value="\(token)">
        \(FormField.text("username", label: "Username", value: values["username"], error: problems["username"], extra: " autocomplete=\"username\" autocapitalize=\"none\""))
        \(FormField.text("display_name", label: "Your name", value: values["display_name"], error: problems["display_name"], extra: " autocomplete=\"name\""))
        \(FormField.text("password", label: "Password", value: nil, error: problems["password"], type: "password", extra: " autocomplete=\"new-password\"", hint: "At least \(Passwords.minimumCharacters) characters; a few words are easiest to remember"))
        \(FormField.text("confirm_password", label: "The password again", value: nil, error: problems["confirm_password"], type: "password", extra: " autocomplete=\"new-password\""))
        <div class="actions"><button type="submit" class="button">Create the administrator</button></div>
        </form>
        """
        return PageFrame.render(title: "Set up Attune", context: context, main: main, status: status)
    }
}
