import AttuneCore
import FluentKit
import Foundation
import SQLKit
import Testing
@testable import AttuneStore

/// Finding a mother by part of her name or her baby's (`DyadStore.search`), through the index of
/// names on both engines (`IndexDyadNamesForSearch`): found by any run of three letters, in any
/// case, within the user's centres only, and never again once her name is corrected or erased.
@Suite("Finding a mother by name")
struct DyadSearchTests {
    static func document() -> EvidenceDocument {
        var document = EvidenceDocument(
            centres: [Centre(id: "C1", name: "Riverside", deprivationDecile: 2), Centre(id: "C2", name: "Hillside", deprivationDecile: 5)],
            programmes: [Programme(id: "C1-P", centreId: "C1", name: "Baby massage", plannedSessions: 5),
                         Programme(id: "C2-P", centreId: "C2", name: "Baby massage", plannedSessions: 5)])
        let people: [(code: String, programme: String, mother: String?, baby: String?)] = [
            ("C1-D1", "C1-P", "Kerry Ashworth", "Milo"),
            ("C1-D2", "C1-P", "Zoë O'Brien", nil),
            ("C1-D3", "C1-P", nil, nil),
            ("C2-D1", "C2-P", "Asha Patel", "Rosie \"Ro\" Patel"),
        ]
        for (index, person) in people.enumerated() {
            document.dyads.append(Dyad(id: person.code, motherName: person.mother, infantName: person.baby, consentToRecords: true))
            document.invitations.append(Invitation(id: "I\(index)", dyadId: person.code, programmeId: person.programme, mode: .letter, status: .enrolled))
        }
        return document
    }

    static func check(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(document(), on: db)
            func found(_ name: String, _ centres: Set<String>? = nil) async throws -> [String] {
                try await DyadStore.search(name: name, centres: centres, on: db).dyads.map(\.id).sorted()
            }
            // Any run of three or more letters, in any case, in her name or her baby's.
            #expect(try await found("ash") == ["C1-D1", "C2-D1"])
            #expect(try await found("HWOR") == ["C1-D1"])
            #expect(try await found("ilo") == ["C1-D1"])
            #expect(try await found("zoë") == ["C1-D2"])
            #expect(try await found("o'b") == ["C1-D2"])
            #expect(try await found("\"ro\"") == ["C2-D1"], "a quote in what was typed is a quote, not the index's syntax")
            #expect(try await found("xyz").isEmpty)
            // Within the user's centres; two letters only there, as every centre's needs three.
            #expect(try await found("ash", ["C2"]) == ["C2-D1"])
            #expect(try await found("as", ["C1"]) == ["C1-D1"])
            #expect(try await found("as").isEmpty)
            // More matches than the limit: as many as the limit, and word that there are more.
            for centres in [nil, Set(["C1", "C2"])] {
                let one = try await DyadStore.search(name: "ash", centres: centres, limit: 1, on: db)
                #expect(one.dyads.count == 1 && one.more)
                let two = try await DyadStore.search(name: "ash", centres: centres, limit: 2, on: db)
                #expect(two.dyads.map(\.id).sorted() == ["C1-D1", "C2-D1"] && !two.more)
            }

            // Her name corrected: found by the new one only.
            var kerry = try #require(try await DyadStore.find(code: "C1-D1", on: db))
            kerry.motherName = "Kerry Lowe"
            kerry.infantName = nil
            try await DyadStore.correct(kerry, reason: "Married.", today: try #require(CalendarDate("2026-12-01")), by: "test", now: Date(), on: db)
            #expect(try await found("ashw").isEmpty)
            #expect(try await found("ilo").isEmpty)
            #expect(try await found("lowe") == ["C1-D1"])
            // Erased: found by no part of any name she had, and on SQLite no piece of her name
            // is left in the index itself (its segments merged, leaving out removed names).
            func piecesHeld(_ pieces: [String]) async throws -> [String] {
                guard RawSQL.isSQLite(db) else { return [] }
                let sql = db as! any SQLDatabase
                try await sql.raw("CREATE VIRTUAL TABLE IF NOT EXISTS temp.name_pieces USING fts5vocab(main, dyad_name_index, 'row')").run()
                return try await sql.raw("SELECT term FROM temp.name_pieces").all().map { try $0.decode(column: "term", as: String.self) }
                    .filter(pieces.contains)
            }
            let hers = ["pat", "ate", "tel", "ros", "osi", "sie", "\"ro"]
            if RawSQL.isSQLite(db) { #expect(try await piecesHeld(hers) == hers.sorted()) }
            _ = try await Erasure.erase(dyad: "C2-D1", reason: "She asked.", now: Date(), on: db)
            #expect(try await found("patel").isEmpty)
            #expect(try await found("asha").isEmpty)
            #expect(try await found("ash").isEmpty)
            #expect(try await piecesHeld(hers).isEmpty, "pieces of an erased name are still in the index")
            // FTS5 answers as above while a removed name still lies in an older segment, marked
            // removed by a newer one; merged into one segment, it is gone. The segment count is
            // the second number of the index's structure record (FTS5's file format: a 4-byte
            // cookie, then the levels and the segments as varints, one byte each while small).
            if RawSQL.isSQLite(db) {
                let structure = try #require(try await (db as! any SQLDatabase).raw("SELECT block FROM dyad_name_index_data WHERE id = 10").first()?
                    .decode(column: "block", as: Data.self)).map { $0 }
                #expect(structure.count > 5 && structure[5] == 1, "the index of names was not merged after the erasure: \(structure.prefix(8))")
            }
        }
    }

    @Test("a generated national dataset with names (`attune generate --names`) is found by them, at most 50 at a time")
    func generatedNames() async throws {
        let made = SyntheticEvidence.make(centres: 60, seed: 7)
        let named = SyntheticEvidence.named(made)
        #expect(made.dyads.allSatisfy { $0.motherName == nil }, "a dataset made without names changed")
        #expect(named.dyads.allSatisfy { $0.motherName != nil && $0.infantName != nil })
        #expect(Set(named.dyads.compactMap(\.motherName)).count == 1_920)
        try await withSQLiteFile { location in
            try await withTestDatabases(location) { databases async throws in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                try await EvidenceStore.saveIntoEmptyDatabase(named, on: db)
                func holds(_ dyad: Dyad, _ part: String) -> Bool { (dyad.motherName! + " " + dyad.infantName!).lowercased().contains(part) }
                #expect(named.dyads.filter { holds($0, "ash") }.count > 50)
                let found = try await DyadStore.search(name: "ASH", centres: nil, on: db)
                #expect(found.dyads.count == 50 && found.more)
                #expect(found.dyads.allSatisfy { holds($0, "ash") })
                let few = try await DyadStore.search(name: "kowal", centres: nil, on: db)
                #expect(few.dyads.count == named.dyads.filter { holds($0, "kowal") }.count && !few.more)
            }
        }
    }

    @Test("SQLite: by any three letters, any case, within the user's centres; not by a name corrected or erased")
    func sqlite() async throws {
        try await withSQLiteFile { location in try await Self.check(location) }
    }

    @Test("PostgreSQL: the same, with pg_trgm's indexes", PostgresTestServer.trait)
    func postgres() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.check(location) }
    }
}
