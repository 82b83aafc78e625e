import AttuneCore

/// HTML built from string templates in which every interpolated value is escaped unless it is
/// itself `SafeHTML`. This is the only way pages make HTML: free text typed by users (notes,
/// actions, names) can only reach a page through this escaping, so a `<script>` in a note is
/// shown as text and a `"` in a name cannot close the attribute it is in.
///
/// Rules for templates: put every interpolated attribute value inside double quotes
/// (`href="\(path)"`); an unquoted value would be unsafe even when escaped. Only literals,
/// numbers and other `SafeHTML` go in unescaped.
struct SafeHTML: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable {
    /// The finished markup, to send.
    let raw: String

    /// Markup that Attune's own code has built with every value already escaped (the SVG charts
    /// and the evaluation report in AttuneCore, which escape through `Markup.escape`). Never
    /// pass text that came from a person, a form, a file or the database: interpolate it into a
    /// template instead.
    init(trustedMarkup: String) { raw = trustedMarkup }

    /// A literal written in the source, which is the template itself. (Swift requires this to take
    /// a String; never call it by name.)
    init(stringLiteral value: String) { raw = value }
    init(stringInterpolation: StringInterpolation) { raw = stringInterpolation.raw }

    /// Already safe: lets callers written for the Plot-built views (`SafeHTML(HomePage(...).main)`)
    /// keep working.
    init(_ html: SafeHTML) { self = html }

    var description: String { raw }

    static func join(_ parts: [SafeHTML], separator: SafeHTML = "") -> SafeHTML {
        SafeHTML(trustedMarkup: parts.map(\.raw).joined(separator: separator.raw))
    }

    struct StringInterpolation: StringInterpolationProtocol {
        var raw = ""
        init(literalCapacity: Int, interpolationCount: Int) { raw.reserveCapacity(literalCapacity * 2) }
        mutating func appendLiteral(_ literal: String) { raw += literal }
        mutating func appendInterpolation(_ text: String) { raw += Markup.escape(text) }
        mutating func appendInterpolation(_ text: String?) { raw += Markup.escape(text ?? "") }
        mutating func appendInterpolation(_ number: Int) { raw += String(number) }
        mutating func appendInterpolation(_ html: SafeHTML) { raw += html.raw }
        mutating func appendInterpolation(_ parts: [SafeHTML]) { raw += parts.map(\.raw).joined() }
    }
}
