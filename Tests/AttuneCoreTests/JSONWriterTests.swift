import Foundation
import Testing
@testable import AttuneCore

/// The hand-written JSON output must be byte for byte what JSONEncoder writes for the same
/// document: JSONEncoder is the reference, the writer only the fast path.
@Suite("JSON written by hand")
struct JSONWriterTests {
    @Test("strings are escaped as JSONEncoder escapes them, control characters included")
    func escaping() throws {
        let awkward = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }
            + ["\"", "\\", "/", "é", "\u{2028}", "<b>&amp;</b>", "plain", ""]
        var writer = PrettyJSONWriter()
        writer.beginArray()
        for text in awkward { writer.string(text) }
        writer.endArray()
        #expect(writer.text + "\n" == JSONOutput.render(awkward))
    }

    @Test("empty and nested containers are laid out as JSONEncoder lays them out")
    func layout() {
        struct Inner: Encodable { let list: [Int]; let name: String? }
        struct Outer: Encodable { let empty: [Int]; let inner: [Inner]; let nested: [[Int]]; let yes: Bool }
        let value = Outer(empty: [], inner: [Inner(list: [1, 2], name: nil), Inner(list: [], name: "x")], nested: [[], [3]], yes: true)
        var writer = PrettyJSONWriter()
        writer.beginObject()
        writer.key("empty"); writer.beginArray(); writer.endArray()
        writer.key("inner"); writer.beginArray()
        for inner in value.inner {
            writer.beginObject()
            writer.key("list"); writer.beginArray()
            for number in inner.list { writer.int(number) }
            writer.endArray()
            writer.field("name", inner.name)
            writer.endObject()
        }
        writer.endArray()
        writer.key("nested"); writer.beginArray()
        for list in value.nested {
            writer.beginArray()
            for number in list { writer.int(number) }
            writer.endArray()
        }
        writer.endArray()
        writer.field("yes", value.yes)
        writer.endObject()
        #expect(writer.text + "\n" == JSONOutput.render(value))
    }

    @Test("the audit of the study is the document JSONEncoder writes")
    func studyAudit() async throws {
        let printed = Dictionary(uniqueKeysWithValues: try PublishedTable1.load().columns.compactMap { column in
            column.printedTotal.map { (column.programmeCode, $0) }
        })
        let report = AuditReport(title: "The \"study\"\n/ programmes", document: try StudyEvidence.load(),
                                 rubric: try Rubric.load(path: nil), printedTotals: printed)
        let written = await report.render(.json)
        #expect(written == JSONOutput.render(AuditJSONDocument(report)))
        #expect(written.contains("\"printed_total\" : 11"))
    }

    @Test("the audit with need against provision is the document JSONEncoder writes")
    func needVersusProvision() async throws {
        let document = try StudyEvidence.load()
        let byDyad = Dictionary(grouping: document.measurements, by: \.dyadId)
        let need = Dictionary(uniqueKeysWithValues: document.dyads.map {
            ($0.id, DyadMeasures(dyad: $0, measurements: byDyad[$0.id] ?? []).need.level)
        })
        let report = AuditReport(title: "Study", document: document, rubric: try Rubric.load(path: nil), needByDyad: need)
        let written = await report.render(.json)
        #expect(written == JSONOutput.render(AuditJSONDocument(report)))
        // The same analysis as the evaluation report's, from the same evidence.
        let evaluation = Evaluation(title: "Study", document: document, rubric: try Rubric.load(path: nil))
        #expect(report.needVersusProvision == evaluation.needVersusProvision)
        #expect(report.needVersusProvision?.inverseCare == ["A1", "A3", "A5"])
    }

    @Test("overrides, with and without a date, and a programme without a centre")
    func overrides() async throws {
        var document = try StudyEvidence.load()
        document.overrides = [
            MechanismOverride(programmeId: "A1", mechanism: MechanismID(8), rating: .yes, rationale: "seen \"in person\"",
                              observer: "Observer", date: CalendarDate("2009-03-02")),
            MechanismOverride(programmeId: "B7", mechanism: MechanismID(3), rating: .no, rationale: "room cold", observer: "O"),
        ]
        document.centres.removeAll { $0.id == document.programmes[0].centreId }
        let report = AuditReport(title: "Overridden", document: document, rubric: try Rubric.load(path: nil))
        let written = await report.render(.json)
        #expect(written == JSONOutput.render(AuditJSONDocument(report)))
        #expect(written.contains("\"override\" : {"))
    }

    @Test("a national audit, written in parts at once, is still the document JSONEncoder writes")
    func halves() async throws {
        let document = SyntheticEvidence.make(centres: 80, seed: 7) // 320 programmes: split in two
        let report = AuditReport(title: "National", document: document, rubric: try Rubric.load(path: nil))
        #expect(report.profiles.count >= 256)
        #expect(await report.render(.json) == JSONOutput.render(AuditJSONDocument(report)))
        let csv = await report.render(.csv)
        #expect(csv.split(separator: "\r\n").count == 1 + report.profiles.count * MechanismCatalogue.all.count)
        #expect(csv.contains("\r\n\(report.profiles[160].programme.id),M1,"))
    }

    @Test("records kept as StoredEvidence read back as they were, and the audit copying them is the audit writing them")
    func storedEvidence() async throws {
        let lists: [[String]] = [[], ["session A1-S1", "attendance A1-D01@A1-S1"], [""], ["quote \" back \\ slash /", "tab\tline\nbreak\u{1}\u{1E}", "café 🍼"]]
        let kept = StoredEvidence.kept(lists)
        #expect(StoredEvidence.lists(kept) == lists)
        #expect(StoredEvidence.writtenLists(kept).count == lists.count)
        #expect(StoredEvidence.lists("not [kept]") == nil)
        // Each list as kept is the JSON the audit writes there: copying it gives the same bytes.
        var document = try StudyEvidence.load()
        document.sessions[0].notes = "a note \"quoted\""
        let report = AuditReport(title: "Kept", document: document, rubric: try Rubric.load(path: nil))
        let written = Dictionary(uniqueKeysWithValues: report.profiles.map { profile in
            (profile.programme.id, StoredEvidence.writtenLists(StoredEvidence.kept(profile.assessments.map(\.derived.evidence))))
        })
        let copying = AuditReport(title: report.title, rubric: report.rubric, reconstructed: report.reconstructed,
                                  profiles: report.profiles, writtenEvidence: written)
        let expected = await report.render(.json)
        #expect(expected.contains("\"evidence\" : [\n\n          ]") && expected.contains("\"session A1-S1\""))
        #expect(await copying.render(.json) == expected)
        // What is kept is what is written, not the profiles' own lists.
        var planted = written
        planted["A1"]![0] = StoredEvidence.writtenLists(StoredEvidence.kept([["planted record"]]))[0]
        let withPlanted = AuditReport(title: report.title, rubric: report.rubric, reconstructed: report.reconstructed,
                                      profiles: report.profiles, writtenEvidence: planted)
        #expect(await withPlanted.render(.json).contains("\"planted record\""))
    }
}
