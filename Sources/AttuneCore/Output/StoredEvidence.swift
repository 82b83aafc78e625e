import Foundation

/// The records each of a profile's ratings used, in the form they are kept with it
/// (`programme_profiles.evidence`): each mechanism's list written as the JSON audit writes it, at
/// the depth where the audit puts it, the lists separated by U+001E, a control character that
/// escaped JSON text never holds. The JSON audit copies each list as kept, with nothing to decode
/// and escape again (that was most of its time: 116 MB at national scale); other readers decode
/// a list with JSONDecoder, as the JSON it is.
public enum StoredEvidence {
    static let separator = UInt8(0x1E)
    /// Where the audit writes a mechanism's `evidence`: programmes, a programme, its
    /// mechanisms, a mechanism, inside the document.
    static let depth = 5

    /// The lists of every mechanism, in the catalogue's order, as kept.
    public static func kept(_ lists: [[String]]) -> String {
        lists.map(written).joined(separator: String(decoding: [separator], as: UTF8.self))
    }

    /// One list laid out as the audit's JSON writer lays it out at `depth`: an item a line,
    /// and an empty list as JSONEncoder writes one, a blank line between the brackets.
    static func written(_ items: [String]) -> String {
        let indent = String(repeating: "  ", count: depth)
        guard !items.isEmpty else { return "[\n\n" + indent + "]" }
        var out = "["
        for (position, item) in items.enumerated() {
            out += (position == 0 ? "\n" : ",\n") + indent + "  "
            JSONText.appendQuoted(item, to: &out)
        }
        return out + "\n" + indent + "]"
    }

    /// Each mechanism's list as kept, for the JSON audit to copy.
    public static func writtenLists(_ kept: String) -> [String] {
        kept.utf8.split(separator: separator, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Each mechanism's records; nil when `kept` is not in this form.
    public static func lists(_ kept: String, decoder: JSONDecoder = JSONDecoder()) -> [[String]]? {
        var lists: [[String]] = []
        for written in kept.utf8.split(separator: separator, omittingEmptySubsequences: false) {
            guard let list = try? decoder.decode([String].self, from: Data(written)) else { return nil }
            lists.append(list)
        }
        return lists
    }
}
