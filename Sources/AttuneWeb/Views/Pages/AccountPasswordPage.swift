import AttuneHTML

/// The form for choosing one's own password.
enum AccountPasswordPage {
    static func main(context: PageContext, problems: [String: String]) -> SafeHTML {
        let firstTime = context.user?.mustChangePassword == true
        let lede: SafeHTML = firstTime
            ? "You signed in with a one-time password. Choose your own before you go on: only you will know it."
            : "Choose a new password. Other people's sessions are not affected; yours stays signed in."
        let hint = "\(Passwords.minimumCharacters) characters or more (up to \(Passwords.maximumBytes) bytes); a few words are easiest to remember"
        return """
        <div class="narrow">
        <h1>\(firstTime ? "Choose your password" : "Change your password")</h1>
        <p class="lede">\(lede)</p>
        \(FormField.errorSummary(problems, saved: "Your password was not changed"))
        <form method="post" action="\(SiteRoute.accountPassword.path)" class="card" novalidate>
        \(context.csrfField)
        \(FormField.text("current_password", label: firstTime ? "The one-time password you signed in with" : "Your current password", value: nil, error: problems["current_password"], type: "password", extra: " autocomplete=\"current-password\""))
        \(FormField.text("new_password", label: "New password", value: nil, error: problems["new_password"], type: "password", extra: " autocomplete=\"new-password\"", hint: hint))
        \(FormField.text("confirm_password", label: "New password again", value: nil, error: problems["confirm_password"], type: "password", extra: " autocomplete=\"new-password\""))
        <div class="actions"><button type="submit" class="button">\(firstTime ? "Save my password" : "Change my password")</button></div>
        </form>
        </div>
        """
    }
}
