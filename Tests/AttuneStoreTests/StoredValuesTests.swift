import AttuneCore
@testable import AttuneStore
import Foundation
import NIOCore
import PostgresNIO
import Testing

/// Measure values, lists and placeholders as the store writes and reads them.
@Suite("Stored values: measure values, lists and placeholders")
struct StoredValuesTests {
    static let stored = [
        #"{"itemScores":[1,0,2,3,0,1,2,3,0,1]}"#,
        #"{"subscaleScores":[35,32,37]}"#,
        #"{"categoryScores":[-1.5,0.125,2,3.25,4]}"#,
        #"{"scales":{"compulsivity":3,"control":3,"cooperativeness":7}}"#,
        #"{"classification":"easy","scales":{}}"#,
        #"{"classification":"says \"hello\" \/ and \/"}"#,
        #"{"itemScores":[]}"#,
        #"{}"#,
    ]

    @Test("every stored shape reads back and is written again with the same values", arguments: stored)
    func roundTrip(json: String) throws {
        let value = try #require(MeasureValues(json: json))
        #expect(MeasureValues(json: value.json) == value)
        #expect(value.json.hasPrefix("{") && !value.json.contains("\n"))
    }

    @Test("malformed values are refused")
    func malformed() {
        #expect(MeasureValues(json: #"{"itemScores":[1,2"#) == nil)
        #expect(MeasureValues(json: "not json") == nil)
        #expect(MeasureValues(json: #"{"itemScores":[1.5]}"#) == nil)
    }

    @Test("lists of strings are stored as JSON in SQLite and read back as they were", arguments: [
        [], ["single_parent"], ["a", "b", "c"], ["with \"quote\"", "café"],
    ])
    func lists(list: [String]) throws {
        guard case .text(let json) = SQLValue.textList(list).sqlite else { Issue.record("not text"); return }
        #expect(RawRow(cells: [.text(json)]).list(0) == list)
        #expect(RawRow(cells: [.list(list)]).list(0) == list)
    }

    @Test("PostgreSQL gets each ? numbered; a statement whose placeholders and values do not pair up is refused")
    func postgresPlaceholders() throws {
        #expect(try RawSQL.numbered(#"SELECT "a" FROM "t" WHERE "b" = ? AND "c" IN (?, ?) AND "f" IN (SELECT "g" FROM "h" WHERE "i" = ?)"#, values: 4)
                == #"SELECT "a" FROM "t" WHERE "b" = $1 AND "c" IN ($2, $3) AND "f" IN (SELECT "g" FROM "h" WHERE "i" = $4)"#)
        #expect(try RawSQL.numbered("SELECT 1", values: 0) == "SELECT 1")
        #expect(throws: RawSQL.PlaceholderMismatch.self) { try RawSQL.numbered("SELECT ?, ?", values: 1) }
        #expect(throws: RawSQL.PlaceholderMismatch.self) { try RawSQL.numbered("SELECT ?", values: 2) }
    }

    @Test("ids handed out together ascend in the order both engines index them (the text's order)")
    func ascendingIDs() {
        let ids = UUIDs.ascending(2_000)
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
        #expect(Set(ids).count == ids.count)
        #expect(UUIDs.ascending(0).isEmpty)
    }
}
