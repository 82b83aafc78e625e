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

/// Turning row ids into codes (`RowCodes`): held against a `Dictionary` of the same pairs.
@Suite("Row ids to codes")
struct RowCodesTests {
    @Test("Every id finds its own code and position; ids not read find none")
    func findsEach() {
        for count in [0, 1, 7, 8, 9, 1_000, 50_000] {
            let ids = (0..<count).map { _ in RowKey(UUID()) }
            let codes = (0..<count).map { "C\($0)" }
            let table = RowCodes(ids: ids, codes: codes)
            #expect(table.count == count)
            let expected = Dictionary(uniqueKeysWithValues: zip(ids, codes))
            for (position, id) in ids.enumerated() {
                #expect(table.position(of: id) == position)
                #expect(table[id] == expected[id])
            }
            for _ in 0..<1_000 { #expect(table[RowKey(UUID())] == nil) }
            #expect(table[nil] == nil)
        }
    }

    @Test("Ids that are not random (counting up, or differing in one half) are found too")
    func orderlyIDs() {
        let counting = (0..<20_000).map { RowKey(uuid(high: 0, low: UInt64($0))) }
        let highOnly = (0..<20_000).map { RowKey(uuid(high: UInt64($0) << 32, low: 0)) }
        for ids in [counting, highOnly] {
            let table = RowCodes(ids: ids, codes: ids.map(\.text))
            #expect(ids.allSatisfy { table[$0] == $0.text })
        }
    }

    @Test("A repeated id keeps its first code")
    func repeats() {
        let a = RowKey(UUID()), b = RowKey(UUID())
        let table = RowCodes(ids: [a, b, a], codes: ["first", "b", "second"])
        #expect(table.count == 2)
        #expect(table[a] == "first")
        #expect(table.codes == ["first", "b"])
    }

    private func uuid(high: UInt64, low: UInt64) -> UUID {
        UUID(uuid: withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { $0.loadUnaligned(as: uuid_t.self) })
    }
}
