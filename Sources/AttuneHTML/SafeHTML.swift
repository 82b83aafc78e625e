/// HTML built from string templates in which every interpolated value is escaped unless it is
/// itself `SafeHTML`. This is the only way Attune makes HTML and SVG (pages, charts, the
/// evaluation report): free text typed by users (notes, actions, names) can only reach a page
/// through this escaping, so a `<script>` in a note is shown as text and a `"` in a name cannot
/// close the attribute it is in.
///
/// Rules for templates: put every interpolated attribute value inside double quotes
/// (`href="\(path)"`); an unquoted value would be unsafe even when escaped. Only literals,
/// numbers and other `SafeHTML` go in unescaped. A ternary whose branches are string literals of
/// markup is inferred as `String` and escaped: wrap such literals in `SafeHTML(...)`.
public struct SafeHTML: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable {
    /// The finished markup, to send or write to a file.
    public let raw: String

    /// Markup already escaped, for joining parts inside this module. Never pass text that came
    /// from a person, a form, a file or the database: interpolate it into a template instead.
    init(trustedMarkup: String) { raw = trustedMarkup }

    /// A literal written in the source, which is the template itself. (Swift requires this to take
    /// a String; never call it by name.)
    public init(stringLiteral value: String) { raw = value }
    public init(stringInterpolation: StringInterpolation) { raw = stringInterpolation.raw }

    /// Already safe: lets callers written for the Plot-built views (`SafeHTML(HomePage(...).main)`)
    /// keep working, and makes a literal markup in a ternary `SafeHTML` (`SafeHTML("<p>None.</p>")`).
    public init(_ html: SafeHTML) { self = html }

    public var description: String { raw }

    public static func join(_ parts: [SafeHTML], separator: SafeHTML = "") -> SafeHTML {
        SafeHTML(trustedMarkup: parts.map(\.raw).joined(separator: separator.raw))
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var raw = ""
        public init(literalCapacity: Int, interpolationCount: Int) { raw.reserveCapacity(literalCapacity * 2) }
        public mutating func appendLiteral(_ literal: String) { raw += literal }
        public mutating func appendInterpolation(_ text: String) { raw += SafeHTML.escape(text) }
        public mutating func appendInterpolation(_ text: String?) { raw += SafeHTML.escape(text ?? "") }
        public mutating func appendInterpolation(_ number: Int) { raw += String(number) }
        public mutating func appendInterpolation(_ html: SafeHTML) { raw += html.raw }
        public mutating func appendInterpolation(_ parts: [SafeHTML]) { raw += parts.map(\.raw).joined() }
    }

    /// Text made safe in element content and in a double- or single-quoted attribute value.
    /// Internal: outside this module text is escaped by interpolating it into a template.
    static func escape(_ text: String) -> String {
        // One pass over the bytes; most text on a page has nothing to escape and is returned as
        // it is (five replacingOccurrences were a tenth of a page's time).
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                                          || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
