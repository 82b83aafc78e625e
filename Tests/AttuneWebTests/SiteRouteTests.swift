import Foundation
import Testing
@testable import AttuneWeb

@Suite("Links: record codes in paths")
struct SiteRouteTests {
    /// RFC 3986's unreserved characters, spelled out for Foundation as the reference encoder.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    @Test("codes are percent-encoded as RFC 3986 says, byte for byte as Foundation does, and decode back")
    func escapeMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("Aa0-._~ /?#%&+=:;é€😀\u{0}\"'<>")
        var samples = ["A1-D05", "C12-P3-D7", "", "a b", "50%", "x/y", "é", "😀", ":code"]
        for _ in 0..<500 {
            samples.append(String((0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for sample in samples where !sample.hasPrefix(":") {
            let escaped = SiteRoute.escape(sample)
            #expect(escaped == sample.addingPercentEncoding(withAllowedCharacters: Self.unreserved), "\(sample)")
            #expect(escaped.removingPercentEncoding == sample)
        }
        #expect(SiteRoute.escape(":code") == ":code", "route parameters stay as they are")
        #expect(SiteRoute.dyad("A 1/é").path == "/dyads/A%201%2F%C3%A9")
    }
}
