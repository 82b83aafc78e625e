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
        guard bytes.count == 36 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0, digits = 0
        for (position, byte) in bytes.enumerated() {
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f") where !upperCaseOnly: value = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            if digits < 16 { high = high << 4 | UInt64(value) } else { low = low << 4 | UInt64(value) }
            digits += 1
        }
        (self.high, self.low) = (high, low)
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
