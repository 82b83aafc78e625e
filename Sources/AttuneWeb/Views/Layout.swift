import Plot

/// The frame every page shares: head, skip link, site header, main, footer.
enum Layout {
    static func document(title: String, main: Node<HTML.BodyContext>) -> HTML {
        HTML(
            .lang(.english),
            .head(
                .encoding(.utf8),
                .title("\(title) · Attune"),
                .viewport(.accordingToDevice),
                .stylesheet(SiteRoute.stylesheet.path)
            ),
            .body(
                .a(.class("skip-link"), .href("#main"), "Skip to main content"),
                .header(
                    .class("site-header"),
                    .div(
                        .class("site-header-inner"),
                        .a(.class("brand"), .href(SiteRoute.home.path), "Attune"),
                        .span(.class("tagline"), "Mechanisms of change in parent-infant programmes")
                    )
                ),
                .main(.id("main"), .class("page"), main),
                .footer(
                    .class("site-footer"),
                    .p("Mechanisms from Underdown & Barlow (2011), Interventions to support early relationships: mechanisms identified within infant massage programmes. Community Practitioner 84(4):21-6.")
                )
            )
        )
    }
}
