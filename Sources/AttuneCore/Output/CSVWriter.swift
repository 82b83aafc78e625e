/// Writes RFC 4180 CSV. Cells that a spreadsheet would run as a formula (starting with
/// `=`, `+`, `-`, `@`, tab or carriage return) are prefixed with an apostrophe: exported health
/// data must never execute in someone's spreadsheet.
public struct CSVWriter {
    public private(set) var text = ""

    public init() {}

    /// A cell of a row whose numbers are written as numbers: a negative number is not a
    /// formula, and a research export needs its negative days and missing-value codes as they are.
    public enum Cell: Sendable {
        case text(String)
        case number(Double)
    }

    public mutating func addRow(_ cells: [Cell]) {
        for position in cells.indices {
            if position > 0 { text.append(",") }
            switch cells[position] {
            case .text(let cell): Self.append(cell, to: &text)
            case .number(let number):
                // Whole numbers without a decimal point; others in Swift's shortest exact form.
                text.append(number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number))
            }
        }
        text.append("\r\n")
    }

    public mutating func addRow(_ cells: [String]) {
        for position in cells.indices {
            if position > 0 { text.append(",") }
            Self.append(cells[position], to: &text)
        }
        text.append("\r\n")
    }

    static func escape(_ cell: String) -> String {
        var escaped = ""
        append(cell, to: &escaped)
        return escaped
    }

    /// Appends one cell, escaped. Checked and copied on the bytes: an export of a national audit
    /// escapes millions of cells. The characters that need quoting are all ASCII, except the
    /// rarer Unicode line breaks.
    private static func append(_ cell: String, to out: inout String) {
        let formula = cell.utf8.first.map { "=+-@\t\r".utf8.contains($0) } ?? false
        // A comma, a quote or an ASCII line break is seen in the bytes; only the rarer Unicode
        // line breaks (U+0085, U+2028, U+2029) need the text read as characters.
        var needsQuotes = false, beyondASCII = false
        for byte in cell.utf8 {
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A...0x0D: needsQuotes = true
            case 0x80...: beyondASCII = true
            default: continue
            }
            if needsQuotes { break }
        }
        if !needsQuotes && beyondASCII { needsQuotes = cell.contains { $0.isNewline } }
        guard needsQuotes else {
            if formula { out.append("'") }
            out.append(cell)
            return
        }
        out.append("\"")
        if formula { out.append("'") }
        guard cell.utf8.contains(UInt8(ascii: "\"")) else {
            out.append(cell)
            out.append("\"")
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cell.utf8.count + 8)
        for byte in cell.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        out.append(String(decoding: bytes, as: UTF8.self))
        out.append("\"")
    }
}
