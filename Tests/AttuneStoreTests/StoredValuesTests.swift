import AttuneCore
@testable import AttuneStore
import Foundation
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

    @Test("? placeholders are numbered for PostgreSQL")
    func placeholders() {
        #expect(RawSQL.numberedPlaceholders(#"SELECT "a" FROM "t" WHERE "b" = ? AND "c" IN (?, ?)"#)
                == #"SELECT "a" FROM "t" WHERE "b" = $1 AND "c" IN ($2, $3)"#)
    }
}
