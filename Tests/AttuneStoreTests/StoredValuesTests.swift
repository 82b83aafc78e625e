import AttuneCore
@testable import AttuneStore
import Foundation
import NIOCore
import PostgresNIO
import Testing

/// The hand-written readers of stored JSON must agree with JSONDecoder, the reference, on
/// everything Attune writes, and hand anything else to it.
@Suite("Stored values: measure values and lists")
struct StoredValuesTests {
    static let stored = [
        #"{"itemScores":[1,0,2,3,0,1,2,3,0,1]}"#,
        #"{"subscaleScores":[35,32,37]}"#,
        #"{"categoryScores":[3.25,4,-1.5,0.125,2]}"#,
        #"{"scales":{"compulsivity":3,"control":3,"cooperativeness":7}}"#,
        #"{"classification":"easy","scales":{}}"#,
        #"{"itemScores":[]}"#,
        #"{}"#,
        // Not what Attune writes, but valid: these go to JSONDecoder.
        #"{"classification":"says \"hello\""}"#,
        #"{ "itemScores" : [ 1, 2 ] }"#,
        #"{"categoryScores":[1e2]}"#,
    ]

    @Test("every stored shape reads as JSONDecoder reads it", arguments: stored)
    func readsAsJSONDecoder(json: String) throws {
        let reference = try JSONDecoder().decode(MeasureValues.self, from: Data(json.utf8))
        #expect(MeasureValues(json: json) == reference)
    }

    @Test("what is written is what JSONEncoder with sorted keys writes", arguments: stored)
    func writtenAsJSONEncoder(json: String) throws {
        let value = try #require(MeasureValues(json: json))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(value.json == String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    @Test("malformed values are refused")
    func malformed() {
        #expect(MeasureValues(json: #"{"itemScores":[1,2"#) == nil)
        #expect(MeasureValues(json: "not json") == nil)
        #expect(MeasureValues(json: #"{"itemScores":[1.5]}"#) == nil)
    }

    @Test("lists of strings read as JSONDecoder reads them", arguments: [
        #"[]"#, #"["single_parent"]"#, #"["a","b","c"]"#, #" [ "a" , "b" ] "#, #"["with \"quote\""]"#, #"["caf\u00e9"]"#,
    ])
    func lists(json: String) throws {
        #expect(JSONStringList.parse(json) == (try JSONDecoder().decode([String].self, from: Data(json.utf8))))
    }

    @Test("a list that is not a list of strings is refused")
    func notLists() {
        #expect(JSONStringList.parse(#"["a",1]"#) == nil)
        #expect(JSONStringList.parse(#"["a""#) == nil)
        #expect(JSONStringList.parse(#"{"a":1}"#) == nil)
    }

    @Test("PostgreSQL gets ? numbered, and a list of codes or of row ids as one array, so the text does not vary with its length")
    func postgresStatements() throws {
        let id = UUID()
        let statement = try PostgresStatement(
            #"SELECT "a" FROM "t" WHERE "b" = ? AND "c" IN (?, ?) AND "d" IN (?) AND "e" IN (?, ?) AND "f" IN (SELECT "g" FROM "h" WHERE "i" = ?)"#,
            [.int(7), .text("C1"), .text("C2"), .rowID(id.uuidString), .text("x"), .int(3), .bool(true)])
        #expect(statement.sql == #"SELECT "a" FROM "t" WHERE "b" = $1 AND "c" = ANY($2) AND "d" = ANY($3) AND "e" IN ($4, $5) AND "f" IN (SELECT "g" FROM "h" WHERE "i" = $6)"#)
        #expect(statement.types == [.int8, .textArray, .uuidArray, .text, .int8, .bool])
        #expect(statement.bindings.count == 6)
        // The same statement with a longer list is the same text, so one prepared statement.
        let longer = try PostgresStatement(#"SELECT "a" FROM "t" WHERE "c" IN (?, ?, ?)"#, [.text("C1"), .text("C2"), .text("C3")])
        let shorter = try PostgresStatement(#"SELECT "a" FROM "t" WHERE "c" IN (?)"#, [.text("C1")])
        #expect(longer.sql == shorter.sql)
        #expect(PreparedRawSQL.named(longer).name == PreparedRawSQL.named(shorter).name)
        let other = try PostgresStatement(#"SELECT "b" FROM "t" WHERE "c" IN (?)"#, [.text("C1")])
        #expect(PreparedRawSQL.named(other).name != PreparedRawSQL.named(shorter).name)
        // NOT IN is left as a list (it is not `= ANY`), and so is a list mixing codes and ids.
        #expect(try PostgresStatement(#"SELECT 1 WHERE "c" NOT IN (?, ?)"#, [.text("a"), .text("b")]).sql
                == #"SELECT 1 WHERE "c" NOT IN ($1, $2)"#)
        #expect(try PostgresStatement(#"SELECT 1 WHERE "c" IN (?, ?)"#, [.text("a"), .rowID(id.uuidString)]).sql
                == #"SELECT 1 WHERE "c" IN ($1, $2)"#)
        #expect(throws: PostgresStatement.PlaceholderMismatch.self) { try PostgresStatement("SELECT ?, ?", [.int(1)]) }
        #expect(throws: PostgresStatement.PlaceholderMismatch.self) { try PostgresStatement("SELECT ?", [.int(1), .int(2)]) }
        #expect(throws: PostgresStatement.PlaceholderMismatch.self) {
            try PostgresStatement(#"SELECT 1 WHERE "c" IN (?, ?)"#, [.text("a")])
        }
    }

    @Test("UUIDs are written as Foundation's uuidString writes them, from a UUID or PostgreSQL's 16 bytes")
    func uuidText() {
        var uuids = (0..<500).map { _ in UUID() }
        uuids.append(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        uuids.append(UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)))
        for uuid in uuids {
            #expect(UUIDs.upper(uuid) == uuid.uuidString)
            withUnsafeBytes(of: uuid.uuid) { #expect(UUIDs.upper($0) == uuid.uuidString) }
        }
        [UInt8]([1, 2, 3]).withUnsafeBytes { #expect(UUIDs.upper($0) == nil) }
    }

    @Test("new row ids are random version-4 UUIDs (RFC 4122), all different")
    func randomIDs() {
        let ids = (0..<10_000).map { _ in UUIDs.random() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            let text = id.uuidString
            #expect(Array(text)[14] == "4") // the version nibble
            #expect("89AB".contains(Array(text)[19])) // the variant
            #expect(UUID(uuidString: text) == id)
        }
    }

    @Test("ids handed out together ascend in the order both engines index them (the text's order)")
    func ascendingIDs() {
        let ids = UUIDs.ascending(2_000)
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
        #expect(Set(ids).count == ids.count)
        #expect(UUIDs.ascending(0).isEmpty)
    }
}
