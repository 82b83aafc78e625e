import Foundation
import Testing
@testable import AttuneCore

@Suite("Evaluation and the report")
struct EvaluationTests {
    let evaluation: Evaluation

    init() throws {
        evaluation = Evaluation(title: "Study", document: try StudyEvidence.load(), rubric: try Rubric.standard())
    }

    @Test("stored profiles are used as they are, with the document's overrides; another rubric's are derived again")
    func storedProfiles() throws {
        let document = try StudyEvidence.load(), rubric = try Rubric.standard()
        let engine = AssessmentEngine(rubric: rubric), index = EvidenceIndex(document)
        var stored = Dictionary(uniqueKeysWithValues: document.programmes.map {
            ($0.id, StoredProfile(deriving: $0, in: index, engine: engine) { _ in nil })
        })
        // A5 as if every mechanism were rated yes: the evaluation shows what is stored.
        let a5 = try #require(stored["A5"])
        stored["A5"] = StoredProfile(programmeId: "A5", rubricVersion: a5.rubricVersion,
                                     derivations: a5.derivations.map { .init(mechanism: $0.mechanism, rating: .yes, explanation: "", evidence: []) },
                                     heldSessions: a5.heldSessions, plannedSessions: a5.plannedSessions, need: a5.need)
        let fromStored = Evaluation(title: "Study", document: document, rubric: rubric, stored: stored)
        #expect(fromStored.profiles.first { $0.programme.id == "A5" }?.total == 14)
        #expect(fromStored.profiles.filter { $0.programme.id != "A5" }.map(\.total) == evaluation.profiles.filter { $0.programme.id != "A5" }.map(\.total))
        let otherRubric = Rubric(version: "other", name: "Other", rules: rubric.rules)
        let derived = Evaluation(title: "Study", document: document, rubric: otherRubric, stored: stored)
        #expect(derived.profiles.first { $0.programme.id == "A5" }?.total == 2)
    }

    @Test("need against provision: the highest-need programmes got the fewest mechanisms, as the paper found")
    func inverseCare() throws {
        let analysis = evaluation.needVersusProvision
        #expect(try #require(analysis.correlation.value).coefficient < 0)
        #expect(analysis.inverseCare.contains("A5"))
        #expect(analysis.inverseCare.contains("A3"))
        #expect(!analysis.inverseCare.contains("B7"))
        #expect(analysis.rows.map(\.mechanismTotal) == [5, 7, 2, 5, 2, 7, 12, 10])
        #expect(analysis.rows.first { $0.programmeId == "C8" }?.deprivationDecile == 1)
    }

    @Test("training mix: IAIM-led sessions taught the communication mechanisms; others did not")
    func trainingMix() throws {
        for row in evaluation.trainingMix.rows {
            #expect(row.table[0][0] > 0 && row.table[1][0] == 0, "\(row.mechanism)")
            #expect(try #require(row.fisher.value).p < 0.001)
        }
    }

    @Test("reach: 39 invited and consented, 35 attended at least once")
    func reach() throws {
        let overall = try #require(evaluation.reach.last)
        #expect(overall.programmeId == nil)
        #expect(overall.invited == 39)
        #expect(overall.consented == 39)
        #expect(overall.attendedOnce == 35)
    }

    @Test("outcomes: overall change in EPDS is a paired test on after - before over every dyad with both")
    func outcomes() throws {
        let overall = try #require(evaluation.outcomes.first { $0.instrument == .epds && $0.programmeId == nil })
        let test = try #require(overall.test.value)
        #expect(test.n == overall.pairs.count)
        let meanChange = overall.pairs.map { $0.after - $0.before }.reduce(0, +) / Double(overall.pairs.count)
        #expect(abs(test.meanDifference - meanChange) < 1e-12)
        // A programme with one measured pair is not computable, and says why.
        let a6 = try #require(evaluation.outcomes.first { $0.instrument == .epds && $0.programmeId == "A6" })
        #expect(a6.test.reason?.contains("at least 2") == true)
    }

    @Test("the JSON report carries each programme's mechanism total, high-need share and decile, and the correlation with its p")
    func json() throws {
        let text = EvaluationJSONDocument(evaluation).encoded()
        #expect(!text.contains("NaN") && !text.contains("Infinity"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let programmes = try #require(json["programmes"] as? [[String: Any]])
        let a5 = try #require(programmes.first { $0["id"] as? String == "A5" })
        #expect(a5["mechanism_total"] as? Int == 2)
        #expect(a5["deprivation_decile"] as? Int == 2)
        #expect((a5["high_need_share"] as? [String: Any])?["value"] as? Double == 0.5)
        let correlation = try #require((json["need_provision_correlation"] as? [String: Any])?["value"] as? [String: Any])
        #expect(correlation["p"] is Double)
        #expect(json["inverse_care"] as? [String] == evaluation.needVersusProvision.inverseCare)
    }

    @Test("an evaluation with no measures says what is not computable and never shows NaN")
    func noMeasures() throws {
        var document = try StudyEvidence.load()
        document.measurements = []
        let empty = Evaluation(title: "No measures", document: document, rubric: try Rubric.standard())
        #expect(empty.needVersusProvision.correlation.reason != nil)
        #expect(empty.needVersusProvision.correlationSentence.contains("not computable"))
        let json = EvaluationJSONDocument(empty).encoded()
        #expect(!json.contains("NaN") && !json.contains("Infinity"))
    }

    @Test("the JSON report written a part at a time is the bytes JSONEncoder writes in one go", arguments: [0, 1, 2, 3])
    func jsonInParts(variant: Int) throws {
        var document = variant == 2 ? SyntheticEvidence.make(centres: 20, seed: 5) : try StudyEvidence.load()
        // No measures: outcomes that are not computable, with empty objects inside.
        if variant == 1 { document.measurements = [] }
        // Nothing at all: empty lists, written as the encoder writes them.
        if variant == 3 { document = EvidenceDocument() }
        let json = EvaluationJSONDocument(Evaluation(title: "Parts \"quoted\" / slashed", document: document, rubric: try Rubric.standard()))
        #expect(variant != 2 || json.outcomes.count > 20)
        #expect(variant != 3 || json.programmes.isEmpty)
        #expect(json.encoded() == JSONOutput.render(json))
    }
}
