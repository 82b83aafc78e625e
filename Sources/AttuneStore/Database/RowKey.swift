import Foundation

/// A row id held as its 16 bytes, as read from the database: what a national read keys its maps
/// by (row id to code, row id to position).
///
/// Why not the id's text: a national read meets a row id about two million times (each
/// attendance row names a dyad and a session, each invitation a dyad and a programme). As
/// 36-character text each is a String made on the heap, hashed byte by byte in a look-up and
/// freed: about a sixth of a PostgreSQL audit's CPU (BENCHMARKS.md, issue 8). As two integers
/// it is made in place and hashed in two steps.
///
/// PostgreSQL's `uuid` cells become keys from their bytes. SQLite stores ids as upper-case
/// text (as Fluent writes `UUID.uuidString`); its whole-table reader makes a key of any cell
/// that is exactly such text, and `text` gives the same text back, so nothing else changes
/// for a reader that asks for the text.
struct RowKey: Hashable, Sendable {
    /// The first and last eight bytes, most significant first: byte order, the order of the
    /// upper-case text and of PostgreSQL's `uuid`.
    let high: UInt64, low: UInt64

    /// From a `uuid`'s 16 bytes (PostgreSQL's binary form); nil for any other length.
    init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 16 else { return nil }
        high = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        low = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }

    init(_ uuid: UUID) {
        self = withUnsafeBytes(of: uuid.uuid) { RowKey(bytes: $0)! }
    }

    /// From a UUID's text in the form `8-4-4-4-12` hex digits; `upperCaseOnly` refuses lower-case
    /// digits, so that `text` gives back exactly the text read (the SQLite reader's case).
    init?(utf8 bytes: UnsafeRawBufferPointer, upperCaseOnly: Bool = false) {
        guard bytes.count == 36, bytes[8] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: "-"),
              bytes[18] == UInt8(ascii: "-"), bytes[23] == UInt8(ascii: "-") else { return nil }
        // Each half's 16 digits, read through a table of digit values: SQLite's whole-table
        // reader tries every 36-byte text it reads (two million at national scale).
        func half(_ positions: [Int]) -> UInt64? {
            var value: UInt64 = 0
            for position in positions {
                let digit = Self.digitValues[Int(bytes[position])]
                guard digit < (upperCaseOnly ? 16 : 32) else { return nil }
                value = value << 4 | UInt64(digit & 0x0F)
            }
            return value
        }
        guard let high = half(Self.highDigits), let low = half(Self.lowDigits) else { return nil }
        (self.high, self.low) = (high, low)
    }

    /// Where the digits of each half are in the text `8-4-4-4-12`.
    private static let highDigits = Array(0..<8) + Array(9..<13) + Array(14..<18)
    private static let lowDigits = Array(19..<23) + Array(24..<36)

    /// For each byte, its value as a hex digit: 0-15 for 0-9 and A-F, 16-31 for a-f (the value
    /// plus 16), 255 for anything else.
    private static let digitValues: [UInt8] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt8(byte) - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(byte) - UInt8(ascii: "a") + 26
        default: 255
        }
    }

    /// From a UUID's text, upper- or lower-case; nil for anything else.
    init?(_ text: String) {
        var text = text
        guard let key = text.withUTF8({ RowKey(utf8: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = key
    }

    /// Upper-case text, as SQLite stores ids and as `UUID.uuidString` writes them.
    var text: String {
        withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { UUIDs.upper($0)! }
    }

    var uuid: UUID {
        UUID(uuid: withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { $0.loadUnaligned(as: uuid_t.self) })
    }
}
