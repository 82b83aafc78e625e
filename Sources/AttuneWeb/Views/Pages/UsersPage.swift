import AttuneCore
import AttuneHTML
import AttuneStore

/// The administrator's pages for users: the list with the form to add one, one user's form,
/// and the page that shows a one-time password once.
enum UsersPage {
    static func list(context: PageContext, users: [StoredUser], centres: [(code: String, name: String)], values: [String: String],
                     problems: [String: String]) -> SafeHTML {
        let rows = users.map { user -> SafeHTML in
            """
            <tr><th scope="row"><a href="\(SiteRoute.user(user.id.uuidString).path)">\(user.username)</a></th><td>\(user.displayName)</td><td>\(user.role.label)</td><td>\(centreList(user))</td><td>\(status(user))</td></tr>
            """
        }
        return """
        <h1>Users</h1>
        <p class="lede">Everyone who signs in to Attune, with their role and centres. Select a username to change the account, reset its password or sign it out everywhere.</p>
        <div class="table-wrap" role="region" aria-labelledby="users-caption" tabindex="0"><table class="data">
        <caption id="users-caption">\(users.count) user\(users.count == 1 ? "" : "s")</caption>
        <thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Centres</th><th scope="col">Status</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        <section aria-labelledby="add-user-title" class="card"><h2 id="add-user-title">Add a user</h2>
        <p class="muted">Attune makes a one-time password and shows it once, on the next page. Give it to them in person or by phone; they choose their own when they first sign in.</p>
        \(FormField.errorSummary(problems, saved: "The user was not added"))
        <form method="post" action="\(SiteRoute.users.path)" novalidate>
        \(context.csrfField)
        \(FormField.text("username", label: "Username", value: values["username"], error: problems["username"], extra: " autocomplete=\"off\" autocapitalize=\"none\" spellcheck=\"false\"", hint: "3-64 lower-case letters, digits, dots, hyphens or underscores"))
        \(FormField.text("display_name", label: "Name shown on pages", value: values["display_name"], error: problems["display_name"]))
        \(roleField(values["role"], error: problems["role"]))
        \(centresField(values["centres"], error: problems["centres"], centres: centres))
        <div class="actions"><button type="submit" class="button">Add the user</button></div>
        </form></section>
        """
    }

    static func edit(context: PageContext, user: StoredUser, values: [String: String], problems: [String: String]) -> SafeHTML {
        let enabled = values["enabled"].map { !$0.isEmpty } ?? !user.disabled
        let enabledError = problems["enabled"]
        return """
        <p class="breadcrumb"><a href="\(SiteRoute.users.path)">Users</a> › \(user.username)</p>
        <h1>\(user.displayName) <span class="muted">(\(user.username))</span></h1>
        <p class="lede">\(user.role.label.prefix(1).uppercased() + user.role.label.dropFirst())\(user.centres.isEmpty ? "" : " · centres \(centreList(user))") · \(status(user))</p>
        \(FormField.errorSummary(problems))
        <form method="post" action="\(SiteRoute.user(user.id.uuidString).path)" class="card" novalidate>
        \(context.csrfField)
        \(FormField.text("display_name", label: "Name shown on pages", value: values["display_name"], error: problems["display_name"]))
        \(roleField(values["role"], error: problems["role"]))
        \(centresField(values["centres"], error: problems["centres"], centres: []))
        <div class="field\(enabledError == nil ? "" : " has-error")" id="field-enabled">\(FormField.error(enabledError, id: "field-enabled"))
        <label class="choice"><input type="checkbox" name="enabled"\(enabled ? SafeHTML(" checked") : "")\(FormField.describedBy(enabledError, id: "field-enabled"))> May sign in</label>
        <span class="hint">Untick to disable the account: it is signed out everywhere and cannot sign in until ticked again.</span></div>
        <div class="actions"><button type="submit" class="button">Save</button> <a href="\(SiteRoute.users.path)">Cancel</a></div>
        </form>
        <section aria-labelledby="access-title" class="card"><h2 id="access-title">Password and sessions</h2>
        <p>A new one-time password signs them out everywhere; they choose their own when they next sign in. Ending their sessions signs them out everywhere and keeps the password.</p>
        <div class="actions">
        <form method="post" action="\(SiteRoute.userPassword(user.id.uuidString).path)" class="inline-form">\(context.csrfField)<button type="submit" class="button">Give a new one-time password</button></form>
        <form method="post" action="\(SiteRoute.userSessions(user.id.uuidString).path)" class="inline-form">\(context.csrfField)<button type="submit" class="button secondary">End all their sessions</button></form>
        </div></section>
        """
    }

    static func oneTimePassword(context: PageContext, user: StoredUser, password: String, made: String) -> SafeHTML {
        """
        <p class="breadcrumb"><a href="\(SiteRoute.users.path)">Users</a> › \(user.username)</p>
        <h1>\(user.username) is \(made)</h1>
        <div class="card one-time"><p>One-time password for <strong>\(user.username)</strong> (\(user.displayName)):</p>
        <p class="secret"><code>\(password)</code></p>
        <p>It is shown only now and kept only as a hash: write it down or say it to them now, in person or by phone, never by email. They choose their own password when they first sign in with it.</p></div>
        <p><a href="\(SiteRoute.users.path)">Back to the users</a> · <a href="\(SiteRoute.user(user.id.uuidString).path)">This user's account</a></p>
        """
    }

    /// The edit form's values from the stored account.
    static func values(of user: StoredUser) -> [String: String] {
        ["display_name": user.displayName, "role": user.role.rawValue, "centres": user.centres.sorted().joined(separator: ", "),
         "enabled": user.disabled ? "" : "on"]
    }

    private static func roleField(_ selected: String?, error: String?) -> SafeHTML {
        FormField.select("role", label: "Role", options: [("", "Choose a role")] + Role.allCases.map { ($0.rawValue, $0.label.prefix(1).uppercased() + $0.label.dropFirst()) },
                         selected: selected, error: error)
    }

    /// Centre codes typed, separated by commas; the centres there are listed under it when
    /// they are few enough to read.
    private static func centresField(_ value: String?, error: String?, centres: [(code: String, name: String)]) -> SafeHTML {
        let known = centres.count <= 30 && !centres.isEmpty ? " Centres: " + centres.map { "\($0.code) (\($0.name))" }.joined(separator: ", ") + "." : ""
        return FormField.text("centres", label: "Centres", value: value, error: error, extra: " autocomplete=\"off\" autocapitalize=\"characters\"",
                              hint: "Codes, separated by commas; none for an administrator.\(known)")
    }

    private static func centreList(_ user: StoredUser) -> String {
        user.centres.isEmpty ? (user.role == .admin ? "all" : "–") : user.centres.sorted().joined(separator: ", ")
    }

    private static func status(_ user: StoredUser) -> String {
        user.disabled ? "disabled" : user.mustChangePassword ? "one-time password not yet changed" : "active"
    }
}
