import Foundation
import Testing
@testable import AttuneCore

/// Triangulation and code co-occurrence (issue 27, part 1) on seven excerpts about the study's
/// A1 and A2, every count worked out by hand below.
@Suite("Triangulation and code co-occurrence")
struct TriangulationTests {
    /// X1 {M4-, M7-}; X2 {M4-, M8+}; X3 {M4-}; X4 {M14+}; X5 {M14+, M8+}; X6 {M14+, M7+}; X7 (A2) {M3-, M4+}.
    static let excerpts: [Excerpt] = {
        func excerpt(_ id: String, _ programme: String, _ role: SpeakerRole, _ text: String, _ codes: [(Int, ExcerptStance)]) -> Excerpt {
            Excerpt(id: id, programmeId: programme, source: role == .observer ? .observation : .interview, speakerRole: role,
                    date: CalendarDate("2008-02-20"), text: text, codes: codes.map { ExcerptCode(mechanism: MechanismID($0.0), stance: $0.1) })
        }
        return [
            excerpt("X1", "A1", .mother, "The room was freezing and there were far too many of us.", [(4, .contradicts), (7, .contradicts)]),
            excerpt("X2", "A1", .mother, "Cold room, but we always had a chat over tea.", [(4, .contradicts), (8, .supports)]),
            excerpt("X3", "A1", .observer, "Heating off; mothers kept coats on.", [(4, .contradicts)]),
            excerpt("X4", "A1", .facilitator, "We sang a song with every stroke.", [(14, .supports)]),
            excerpt("X5", "A1", .mother, "I loved the songs and the time to talk.", [(14, .supports), (8, .supports)]),
            excerpt("X6", "A1", .mother, "Singing together in a nice small group.", [(14, .supports), (7, .supports)]),
            excerpt("X7", "A2", .mother, "A different person every week, in a lovely room.", [(3, .contradicts), (4, .supports)]),
        ]
    }()

    static func document() throws -> EvidenceDocument {
        var document = try StudyEvidence.load()
        document.excerpts = excerpts
        return document
    }

    @Test("the co-occurrence matrix: mechanisms coded at least once, in catalogue order, symmetric, the diagonal counting excerpts")
    func cooccurrence() throws {
        let matrix = CodeCooccurrence(Self.excerpts)
        #expect(matrix.mechanisms.map(\.description) == ["M3", "M4", "M7", "M8", "M14"])
        #expect(matrix.counts == [[1, 1, 0, 0, 0],
                                  [1, 4, 1, 1, 0],
                                  [0, 1, 2, 0, 1],
                                  [0, 1, 0, 2, 1],
                                  [0, 0, 1, 1, 3]])
        #expect(CodeCooccurrence([]).mechanisms.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ExcerptFormats.cooccurrenceJSON(matrix).utf8)) as? [String: Any])
        #expect(json["mechanisms"] as? [String] == ["M3", "M4", "M7", "M8", "M14"] && (json["counts"] as? [[Int]])?[1] == [1, 4, 1, 1, 0])
        #expect(ExcerptFormats.cooccurrenceCSV(matrix).hasPrefix("mechanism,M3,M4,M7,M8,M14\r\nM3,1,1,0,0,0\r\n"))
    }

    @Test("A1's M4, rated yes with three excerpts against and none for, and its M14, rated no with three for, are divergent; M7 and M8 are not")
    func divergence() throws {
        let document = try Self.document()
        #expect(EvidenceValidator.problems(in: document).isEmpty)
        let profiles = AssessmentEngine(rubric: try Rubric.standard()).profiles(EvidenceIndex(document))
        let triangulation = Triangulation(profiles: profiles, excerpts: document.excerpts, rule: .standard)
        func cell(_ programme: String, _ mechanism: Int) -> Triangulation.Cell? {
            triangulation.cells.first { $0.programmeId == programme && $0.mechanism.id == MechanismID(mechanism) }
        }
        let m4 = try #require(cell("A1", 4))
        #expect(m4.rating == .yes && m4.supporting.isEmpty && m4.contradicting.map(\.id) == ["X1", "X2", "X3"] && m4.isDivergent)
        let m14 = try #require(cell("A1", 14))
        #expect(m14.rating == .no && m14.supporting.count == 3 && m14.isDivergent)
        #expect(cell("A1", 7)?.isDivergent == false && cell("A1", 8)?.isDivergent == false && cell("A2", 3)?.isDivergent == false)
        #expect(triangulation.divergent.map { "\($0.programmeId) \($0.mechanism.id)" } == ["A1 M4", "A1 M14"])
        #expect(triangulation.cells.count == 6, "A1: M4, M7, M8, M14; A2: M3, M4")
        // A stricter rule, from the rubric: four against are needed, so none is divergent.
        #expect(Triangulation(profiles: profiles, excerpts: document.excerpts, rule: DivergenceRule(againstAtLeast: 4, forAtMost: 0)).divergent.isEmpty)
        // A variable rating already says the evidence is mixed.
        #expect(!DivergenceRule.standard.isDivergent(.variable, supporting: 0, contradicting: 9))
    }

    @Test("a bad excerpt is refused with every problem named: no programme, no text, no code, a code twice, a date after today")
    func refused() throws {
        var document = try StudyEvidence.load()
        document.excerpts = [Excerpt(id: "B1", programmeId: "NOPE", source: .interview, speakerRole: .mother, date: CalendarDate("2030-01-01"),
                                     text: "  ", codes: []),
                             Excerpt(id: "B2", programmeId: "A1", source: .interview, speakerRole: .mother, text: "Fine.",
                                     codes: [ExcerptCode(mechanism: MechanismID(4), stance: .supports), ExcerptCode(mechanism: MechanismID(4), stance: .contradicts)])]
        let problems = EvidenceValidator.problems(in: document, today: CalendarDate("2026-12-05")).filter { $0.record.hasPrefix("excerpt") }
        #expect(problems.map { "\($0.record) \($0.field)" } == ["excerpt B1 programme_id", "excerpt B1 text", "excerpt B1 date", "excerpt B1 codes", "excerpt B2 codes"])
    }

    @Test("an evaluator's document keeps the codes and withholds the text and memo")
    func evaluatorView() throws {
        var document = try Self.document()
        document.excerpts[0].memo = "Ask about the heating"
        let shown = document.pseudonymised { "p-" + $0 }
        #expect(shown.excerpts.allSatisfy { $0.text == EvidenceDocument.withheld })
        #expect(shown.excerpts[0].memo == EvidenceDocument.withheld && shown.excerpts[0].codes == document.excerpts[0].codes)
    }
}
