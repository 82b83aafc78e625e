import Foundation
import Testing
@testable import AttuneStore

/// Row ids held as 16 bytes (`RowKey`) must mean what their text means: Foundation's
/// `UUID(uuidString:)` and `uuidString` are the reference.
@Suite("Row keys")
struct RowKeyTests {
    static let ids = (0..<2_000).map { _ in UUID() } + [
        UUID(uuidString: "00000000-0000-0000-0000-000000000000")!,
        UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!,
        UUID(uuidString: "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9")!,
    ]

    @Test("A key gives back Foundation's text and UUID, and is read back from either case of text")
    func roundTrips() {
        for id in Self.ids {
            let key = RowKey(id)
            #expect(key.text == id.uuidString)
            #expect(key.uuid == id)
            #expect(RowKey(id.uuidString) == key)
            #expect(RowKey(id.uuidString.lowercased()) == key)
        }
    }

    @Test("Keys are equal exactly when their ids are, and order as the ids' text does")
    func equalityAndOrder() {
        let keys = Self.ids.map(RowKey.init)
        #expect(Set(keys).count == Set(Self.ids).count)
        let byKey = keys.sorted { ($0.high, $0.low) < ($1.high, $1.low) }.map(\.text)
        #expect(byKey == Self.ids.map(\.uuidString).sorted())
    }

    @Test("Text that is not a UUID is no key; upper-case only refuses lower-case digits")
    func refusals() {
        let good = "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9"
        for bad in ["", String(good.dropLast()), good + "0", "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8FG",
                    "0A1B2C3D4E5F-6071-8293-A4B5C6D7E8F9-", "0A1B2C3D-4E5F-6071-8293_A4B5C6D7E8F9", "{A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9"] {
            #expect(RowKey(bad) == nil, "\(bad)")
        }
        func upperOnly(_ text: String) -> RowKey? {
            var text = text
            return text.withUTF8 { RowKey(utf8: UnsafeRawBufferPointer($0), upperCaseOnly: true) }
        }
        #expect(upperOnly(good) == RowKey(good))
        #expect(upperOnly(good.lowercased()) == nil)
        #expect(RowKey(good.lowercased()) != nil)
    }

    @Test("A uuid's bytes make its key; any other length makes none")
    func fromBytes() {
        for id in Self.ids.prefix(50) {
            withUnsafeBytes(of: id.uuid) { #expect(RowKey(bytes: $0) == RowKey(id)) }
        }
        let fifteen = [UInt8](repeating: 7, count: 15)
        fifteen.withUnsafeBytes { #expect(RowKey(bytes: $0) == nil) }
    }
}
