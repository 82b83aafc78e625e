import AttuneHTML

/// The sign-in form.
enum LoginPage {
    static func main(context: PageContext, username: String, message: String?) -> SafeHTML {
        let alert: SafeHTML = message.map { "<div class=\"error-summary\" role=\"alert\"><p>\($0)</p></div>" } ?? ""
        return """
        <div class="narrow">
        <h1>Sign in</h1>
        <p class="lede">Attune holds health records of mothers and babies. Sign in with the account your centre gave you.</p>
        \(alert)
        <form method="post" action="\(SiteRoute.login.path)" class="card">
        \(context.csrfField)
        <div class="field"><label for="username">Username</label>
        <input type="text" id="username" name="username" value="\(username)" autocomplete="username" autocapitalize="none" spellcheck="false" required></div>
        <div class="field"><label for="password">Password</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required></div>
        <button type="submit" class="button">Sign in</button>
        </form>
        </div>
        """
    }
}
