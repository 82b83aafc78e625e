import Testing
@testable import AttuneHTML

@Suite("SafeHTML escapes what is interpolated")
struct SafeHTMLTests {
    @Test("a String is escaped in text and in attribute values; SafeHTML and numbers go in as they are")
    func interpolation() {
        let text = Hostile.closing, missing: String? = nil
        let inner: SafeHTML = "<em>\(text)</em>"
        let html: SafeHTML = "<p title=\"\(text)\" data-n=\"\(42)\">\(text)\(inner)\(missing)</p>"
        #expect(html.raw == #"<p title="\#(Hostile.closingEscaped)" data-n="42">\#(Hostile.closingEscaped)<em>\#(Hostile.closingEscaped)</em></p>"#)
        let quoted: SafeHTML = "<a title='\(Hostile.quote)'>\(Hostile.quote)</a>"
        #expect(quoted.raw == "<a title='\(Hostile.quoteEscaped)'>\(Hostile.quoteEscaped)</a>")
    }

    @Test("each of the five characters is escaped, and text with none is returned as it is")
    func escape() {
        #expect(SafeHTML.escape(#"a & b < c > d " e ' f"#) == "a &amp; b &lt; c &gt; d &quot; e &#39; f")
        #expect(SafeHTML.escape("Spearman’s rho, 95% – ok") == "Spearman’s rho, 95% – ok")
        #expect(SafeHTML.escape("&amp;") == "&amp;amp;", "escaped once more: text is never taken for markup")
    }

    @Test("joining keeps the parts as they are")
    func join() {
        let parts: [SafeHTML] = ["<li>\("a<b")</li>", "<li>c</li>"]
        #expect(SafeHTML.join(parts, separator: "\n").raw == "<li>a&lt;b</li>\n<li>c</li>")
    }
}
