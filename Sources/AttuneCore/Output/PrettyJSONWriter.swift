/// Writes JSON exactly as Attune's `JSONEncoder` does (pretty-printed, two-space indent,
/// `" : "` between key and value, slashes unescaped), but straight into a string as the
/// values are visited. JSONEncoder builds a tree of every value first, which for a national
/// audit (millions of evidence references) took longer than deriving the audit itself.
/// The caller writes each object's keys in sorted order, as `.sortedKeys` would; tests check
/// the output against JSONEncoder's byte for byte.
struct PrettyJSONWriter: Sendable {
    private(set) var text = ""
    /// For each open container: whether nothing has been written in it yet.
    private var empty: [Bool] = []

    mutating func beginObject() { open("{") }
    mutating func endObject() { close("}") }
    mutating func beginArray() { open("[") }
    mutating func endArray() { close("]") }

    /// The next key of the open object; its value follows.
    mutating func key(_ name: String) {
        newItem()
        text.append("\"")
        text.append(name)
        text.append("\" : ")
        afterKey = true
    }

    /// A value: after `key` in an object, or as the next item of an array.
    mutating func string(_ value: String) {
        beforeValue()
        JSONText.appendQuoted(value, to: &text)
    }

    mutating func int(_ value: Int) {
        beforeValue()
        text.append(String(value))
    }

    mutating func bool(_ value: Bool) {
        beforeValue()
        text.append(value ? "true" : "false")
    }

    /// `key : value`, with the key left out when the value is nil, as the synthesised
    /// `Encodable` leaves out nil optionals.
    mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func field(_ name: String, _ value: Int?) {
        guard let value else { return }
        key(name)
        int(value)
    }

    mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// `key : value` for a value JSONEncoder writes (a small part of a large document),
    /// indented to sit where it is written.
    mutating func field<Value: Encodable>(_ name: String, encoding value: Value) {
        key(name)
        afterKey = false
        let encoded = JSONOutput.render(value).utf8.dropLast() // without its closing newline
        var indented: [UInt8] = []
        indented.reserveCapacity(encoded.count * 2)
        let indent = Array(repeating: UInt8(ascii: " "), count: 2 * empty.count)
        var previous: UInt8 = 0
        for byte in encoded {
            // Newlines only ever fall between tokens (strings escape theirs); blank lines, as in
            // an empty container, stay blank.
            if previous == 0x0A && byte != 0x0A { indented += indent }
            indented.append(byte)
            previous = byte
        }
        text.append(String(decoding: indented, as: UTF8.self))
    }

    /// A value already laid out as this writer would write it where it goes (`StoredEvidence`).
    mutating func written(_ value: String) {
        beforeValue()
        text.append(value)
    }

    // MARK: Items written apart

    /// A writer for items of this writer's innermost open container, to be written elsewhere
    /// (on another core) and added with `append(items:)`. `followingEarlierItems`: whether
    /// items will come before these ones, written here or by another item writer.
    func itemWriter(followingEarlierItems: Bool) -> PrettyJSONWriter {
        var items = PrettyJSONWriter()
        items.empty = empty
        if followingEarlierItems, let last = empty.indices.last { items.empty[last] = false }
        return items
    }

    /// Adds the items an `itemWriter` wrote, in the order they are to appear.
    mutating func append(items: PrettyJSONWriter) {
        guard !items.text.isEmpty, let last = empty.indices.last else { return }
        text.append(items.text)
        empty[last] = false
    }

    // MARK: Layout

    /// Set by `key`: the next value belongs to it and starts no new line.
    private var afterKey = false

    private mutating func open(_ bracket: String) {
        beforeValue()
        text.append(bracket)
        empty.append(true)
    }

    /// An empty container is written as JSONEncoder writes it: a blank line between the brackets.
    private mutating func close(_ bracket: String) {
        if empty.removeLast() { text.append("\n") }
        text.append("\n")
        indent()
        text.append(bracket)
    }

    private mutating func beforeValue() {
        if afterKey {
            afterKey = false
        } else {
            newItem()
        }
    }

    /// A comma after the previous item of the open container, and a new indented line.
    private mutating func newItem() {
        guard let last = empty.indices.last else { return }
        if empty[last] { empty[last] = false } else { text.append(",") }
        text.append("\n")
        indent()
    }

    private mutating func indent() {
        for _ in 0..<empty.count { text.append("  ") }
    }
}

/// JSON string literals, for the JSON Attune writes by hand (the JSON audit, the records kept
/// with each profile).
public enum JSONText {
    /// A JSON string literal, escaped as JSONEncoder escapes it: quote, backslash and the
    /// control characters, with the usual short forms where JSON has them.
    public static func appendQuoted(_ value: String, to out: inout String) {
        out.append("\"")
        let needsEscape = value.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        guard needsEscape else {
            out.append(value)
            out.append("\"")
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count + 16)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        out.append(String(decoding: bytes, as: UTF8.self))
        out.append("\"")
    }

}
