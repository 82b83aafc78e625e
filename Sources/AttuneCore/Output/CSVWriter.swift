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
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
