import AttuneCore
import AttuneHTML
import Vapor

/// What every signed-in page needs to draw its frame: who is looking, the CSRF token for its
/// forms, and which section is current.
struct PageContext {
    enum Section { case dashboard, programmes, dyads, evaluation, users, centres, facilitators, activity, none }

    let user: SignedInUser?
    let csrf: String
    var section: Section = .none
    /// A one-time message from the previous request ("Saved ..."), shown once.
    let flash: String?
    /// The time the page is drawn at, from the application's clock.
    let now: Date

    init(_ request: Request, section: Section) {
        now = request.now
        user = request.auth.get(SignedInUser.self)
        csrf = request.hasSession ? request.csrfToken : ""
        self.section = section
        flash = request.hasSession ? request.session.data["flash"] : nil
        if flash != nil { request.session.data["flash"] = nil }
    }

    /// For error pages, which may come before any session exists: no user, no forms.
    static func minimal(_ request: Request) -> PageContext {
        PageContext(user: request.auth.get(SignedInUser.self), csrf: request.hasSession ? request.csrfToken : "", flash: nil, now: request.now)
    }

    private init(user: SignedInUser?, csrf: String, flash: String?, now: Date) {
        self.now = now
        self.user = user
        self.csrf = csrf
        self.flash = flash
    }

    /// The hidden field every form that changes data carries.
    var csrfField: SafeHTML { "<input type=\"hidden\" name=\"_csrf\" value=\"\(csrf)\">" }

    func can(_ permission: Permission) -> Bool { user?.can(permission) ?? false }
}

/// The frame of every page: head, skip link, header with navigation and the user, main, footer.
enum PageFrame {
    static func render(title: String, context: PageContext, main: SafeHTML, status: HTTPResponseStatus = .ok) -> Response {
        func navLink(_ label: String, _ route: SiteRoute, _ section: PageContext.Section) -> SafeHTML {
            context.section == section
                ? "<a href=\"\(route.path)\" aria-current=\"page\">\(label)</a>"
                : "<a href=\"\(route.path)\">\(label)</a>"
        }
        var header: SafeHTML = ""
        if let user = context.user {
            // Until she has chosen her own password, nothing else is open to her (`RequireOwnPassword`).
            let nav: SafeHTML = user.mustChangePassword ? "" : """
            <nav class="site-nav" aria-label="Main">\(navLink("Dashboard", .home, .dashboard))\(navLink("Programmes", .programmes, .programmes))\(context.can(.viewPersonalDetails) ? navLink("Mothers", .dyads, .dyads) : "")\(navLink("Evaluation", .evaluation, .evaluation))\(context.can(.manageUsers) ? SafeHTML.join([navLink("Users", .users, .users), navLink("Centres", .centres, .centres), navLink("Facilitators", .facilitators, .facilitators)]) : "")\(context.can(.searchActivity) ? navLink("Activity", .activity, .activity) : "")</nav>
            """
            header = """
            \(nav)<div class="who"><span>\(user.displayName) <span class="role">(\(user.role.label))</span></span>
            <a href="\(SiteRoute.accountPassword.path)">Password</a>
            <form method="post" action="\(SiteRoute.logout.path)" class="inline-form">\(context.csrfField)<button type="submit" class="link-button">Sign out</button></form></div>
            """
        }
        let html: SafeHTML = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(title) · Attune</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="\(SiteRoute.stylesheet.path)"></head>
        <body><a class="skip-link" href="#main">Skip to main content</a>
        <header class="site-header"><div class="site-header-inner"><a class="brand" href="\(SiteRoute.home.path)">Attune</a>\(header)</div></header>
        <main id="main" class="page">\(context.flash.map { SafeHTML("<div class=\"flash\" role=\"status\">\($0)</div>") } ?? "")\(main)</main>
        <footer class="site-footer"><p>Mechanisms from Underdown &amp; Barlow (2011), Interventions to support early relationships: mechanisms identified within infant massage programmes. Community Practitioner 84(4):21-6.</p></footer>
        </body></html>
        """
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: status, headers: headers, body: .init(string: html.raw))
    }
}

/// Form pieces with a label on every input and the error, if any, beside its field.
enum FormField {
    /// Codes typed into one field, separated by commas or spaces ("A, B").
    static func codes(_ typed: String?) -> [String] {
        (typed ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
    }

    /// Every problem of a refused form at once, at the top, each linking to its field.
    /// `prefix` as the form's fields were given it.
    static func errorSummary(_ problems: [String: String], saved: String = "Nothing was saved", prefix: String = "") -> SafeHTML {
        guard !problems.isEmpty else { return "" }
        let items = problems.sorted { $0.key < $1.key }.map { SafeHTML("<li><a href=\"#field-\(prefix)\($0.key)\">\($0.value)</a></li>") }
        return """
        <div class="error-summary" role="alert" tabindex="-1"><h2>\(saved): \(problems.count) thing\(problems.count == 1 ? "" : "s") to correct</h2>
        <ul>\(items)</ul></div>
        """
    }

    static func error(_ message: String?, id: String) -> SafeHTML {
        guard let message else { return "" }
        return "<p class=\"field-error\" id=\"\(id)-error\">\(message)</p>"
    }

    static func describedBy(_ message: String?, id: String) -> SafeHTML {
        message == nil ? "" : " aria-invalid=\"true\" aria-describedby=\"\(id)-error\""
    }

    /// `prefix` keeps ids unique when two forms on a page share field names.
    static func text(_ name: String, label: String, value: String?, error: String? = nil, type: String = "text",
                     extra: SafeHTML = "", hint: String? = nil, prefix: String = "") -> SafeHTML {
        let id = "field-\(prefix)\(name)"
        let hintHTML: SafeHTML = hint.map { "<span class=\"hint\">\($0)</span>" } ?? ""
        return """
        <div class="field\(error == nil ? "" : " has-error")"><label for="\(id)">\(label)</label>\(hintHTML)\(Self.error(error, id: id))
        <input type="\(type)" id="\(id)" name="\(name)" value="\(value ?? "")"\(describedBy(error, id: id))\(extra)></div>
        """
    }

    /// Free text: its limit stated under the label (`FreeText`), and the browser stops typing
    /// there; the server checks the same limit on save.
    static func textarea(_ name: String, label: String, value: String?, error: String? = nil, prefix: String = "") -> SafeHTML {
        let id = "field-\(prefix)\(name)"
        return """
        <div class="field\(error == nil ? "" : " has-error")"><label for="\(id)">\(label)</label><span class="hint" id="\(id)-limit">\(FreeText.limitHint)</span>\(Self.error(error, id: id))
        <textarea id="\(id)" name="\(name)" rows="3" maxlength="\(FreeText.maximumCharacters)"\(describedBy(error, id: id))>\(value ?? "")</textarea></div>
        """
    }

    static func select(_ name: String, label: String, options: [(value: String, label: String)], selected: String?,
                       error: String? = nil, prefix: String = "") -> SafeHTML {
        let id = "field-\(prefix)\(name)"
        let items = options.map { option -> SafeHTML in
            "<option value=\"\(option.value)\"\(option.value == selected ? SafeHTML(" selected") : "")>\(option.label)</option>"
        }
        return """
        <div class="field\(error == nil ? "" : " has-error")"><label for="\(id)">\(label)</label>\(Self.error(error, id: id))
        <select id="\(id)" name="\(name)"\(describedBy(error, id: id))>\(items)</select></div>
        """
    }

    /// One box; ticked sends "true", unticked nothing.
    static func checkbox(_ name: String, label: String, checked: Bool, error: String? = nil, prefix: String = "") -> SafeHTML {
        let id = "field-\(prefix)\(name)"
        return """
        <div class="field\(error == nil ? "" : " has-error")">\(Self.error(error, id: id))<label class="choice" for="\(id)"><input type="checkbox" id="\(id)" name="\(name)" value="true"\(checked ? SafeHTML(" checked") : "")\(describedBy(error, id: id))> \(label)</label></div>
        """
    }

    /// A box per option, each sent as "<name>-<value>" (`RecordForm.chosen` reads them back).
    static func checkboxes(_ name: String, legend: String, options: [(value: String, label: String)], checked: Set<String>,
                           error: String? = nil, prefix: String = "") -> SafeHTML {
        let id = "field-\(prefix)\(name)"
        let boxes = options.map { option -> SafeHTML in
            let box = "\(id)-\(option.value)"
            return "<label class=\"choice\" for=\"\(box)\"><input type=\"checkbox\" id=\"\(box)\" name=\"\(name)-\(option.value)\" value=\"true\"\(checked.contains(option.value) ? SafeHTML(" checked") : "")> \(option.label)</label>"
        }
        return """
        <fieldset class="field boxes\(error == nil ? "" : " has-error")" id="\(id)"><legend>\(legend)</legend>\(Self.error(error, id: id))\(boxes)</fieldset>
        """
    }

    /// Yes / No / Not recorded as three radio buttons: "not recorded" is never read as "no".
    static func triState(_ name: String, label: String, value: Bool?) -> SafeHTML {
        radios(name, label: label, options: [("yes", "Yes"), ("no", "No"), ("", "Not recorded")],
               selected: value.map { $0 ? "yes" : "no" } ?? "")
    }

    /// One choice of a few, as radio buttons in a row under the label.
    static func radios(_ name: String, label: String, options: [(value: String, label: String)], selected: String) -> SafeHTML {
        let buttons = options.map { option -> SafeHTML in
            "<label class=\"choice\"><input type=\"radio\" name=\"\(name)\" value=\"\(option.value)\"\(option.value == selected ? SafeHTML(" checked") : "")> \(option.label)</label>"
        }
        return "<fieldset class=\"tri\"><legend>\(label)</legend>\(buttons)</fieldset>"
    }
}

/// A rating as a letter and a word, never by colour alone.
enum RatingView {
    static func badge(_ rating: Rating) -> SafeHTML {
        let kind = switch rating { case .yes: "yes"; case .variable: "variable"; case .no: "no"; case .notAssessed: "na" }
        return "<span class=\"rating-badge rating-\(kind)\"><span aria-hidden=\"true\">\(rating.letter)</span><span class=\"visually-hidden\">\(rating.label)</span></span>"
    }
}
