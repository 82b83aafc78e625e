import AttuneCore
import Plot

/// HTML built from string templates in which every interpolated value is escaped unless it is
/// itself `SafeHTML`. Free text typed by users (notes, actions, names) can only reach a page
/// through this escaping, so a `<script>` in a note is shown as text.
struct SafeHTML: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable {
    let raw: String

    init(raw: String) { self.raw = raw }
    init(stringLiteral value: String) { raw = value }
    init(stringInterpolation: StringInterpolation) { raw = stringInterpolation.raw }

    /// A Plot node rendered (Plot escapes its own text).
    init<Context>(_ node: Node<Context>) { raw = node.render(indentedBy: nil) }

    var description: String { raw }

    static func join(_ parts: [SafeHTML], separator: SafeHTML = "") -> SafeHTML {
        SafeHTML(raw: parts.map(\.raw).joined(separator: separator.raw))
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
