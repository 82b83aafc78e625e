/// Writes RFC 4180 CSV. Cells that a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, tab or carriage return) are prefixed with an apostrophe: exported health
/// data must never execute in someone's spreadsheet.
public struct CSVWriter {
    private var lines: [String] = []

    public init() {}

    public mutating func addRow(_ cells: [String]) {
        lines.append(cells.map(Self.escape).joined(separator: ","))
    }

    public var text: String { lines.map { $0 + "\r\n" }.joined() }

    static func escape(_ cell: String) -> String {
        var value = cell
        if let first = value.utf8.first, "=+-@\t\r".utf8.contains(first) {
            value = "'" + value
        }
        // Checked on the bytes: an export of a national audit escapes millions of cells.
        // The characters that need quoting are all ASCII, except the rarer Unicode line breaks.
        guard value.utf8.contains(where: { byte in
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A...0x0D, 0x80...: true
            default: false
            }
        }),
              value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
