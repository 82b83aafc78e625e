import Foundation
import Testing
@testable import AttuneCore

/// From a gap to an action (issue 27, part 4): which gaps the study's programmes have and what
/// the standard table suggests, worked out from the study's own ratings (attune audit --study).
@Suite("Suggested actions")
struct ActionSuggestionTests {
    static func suggestions(_ document: EvidenceDocument, missed: [String: Int] = [:], rubric: Rubric? = nil) throws -> [SuggestedAction] {
        let rubric = try rubric ?? Rubric.standard()
        let evaluation = Evaluation(title: "", document: document, rubric: rubric)
        return ActionSuggestions.suggest(evaluation: evaluation, document: document, missed: missed, rules: try ActionRules.standard())
    }

    @Test("A1: cues, states, doll and singing rated no with a developmentally trained lead suggest IAIM training; M3 no one facilitator; M2 variable personal invitations")
    func studyA1() throws {
        let all = try Self.suggestions(try StudyEvidence.load(), missed: ["A1": 2])
        let a1 = all.filter { $0.programmeId == "A1" }
        #expect(a1.map(\.ruleId).prefix(3) == ["iaim-training", "one-facilitator", "personal-invitations"])
        let iaim = try #require(a1.first)
        #expect(iaim.mechanisms.map(\.description) == ["M11", "M12", "M13", "M14"])
        #expect(iaim.gapText.contains("M14 Singing in the group rated no") && iaim.gapText.contains("Peter Walker (developmental)"))
        #expect(a1.contains { $0.ruleId == "follow-up-missed" && $0.gapText.hasPrefix("2 missed opportunities") })
        // A programme whose leads are IAIM-trained is not told to train in IAIM.
        var document = try StudyEvidence.load()
        document.facilitators = document.facilitators.map { var f = $0; f.trainingBody = .iaim; return f }
        #expect(!(try Self.suggestions(document)).contains { $0.ruleId == "iaim-training" })
    }

    @Test("a provisional profile suggests nothing for its ratings; a divergent mechanism and low agreement suggest their own actions")
    func provisionalDivergentLowAgreement() throws {
        var document = try StudyEvidence.load()
        // A1 held one session only: provisional.
        document.sessions = document.sessions.filter { $0.programmeId != "A1" || $0.number == 1 }
        document.attendance = document.attendance.filter { entry in document.sessions.contains { $0.id == entry.sessionId } }
        #expect(!(try Self.suggestions(document)).contains { $0.programmeId == "A1" && $0.gap == .mechanism })

        var said = try StudyEvidence.load()
        said.excerpts = TriangulationTests.excerpts
        said.secondObservations = said.sessions.filter { $0.programmeId == "A2" }.map { session in
            var seen = SecondObservation(checksOf: session, observerName: "B")
            seen.setting.easyToFind = session.setting.easyToFind.map { _ in false }
            seen.setting.greetedAtDoor = session.setting.greetedAtDoor.map { !$0 }
            return seen
        }
        let suggestions = try Self.suggestions(said)
        let look = try #require(suggestions.first { $0.ruleId == "look-again" && $0.programmeId == "A1" })
        #expect(look.mechanisms.map(\.description) == ["M4", "M14"])
        #expect(suggestions.contains { $0.ruleId == "agree-checks" && $0.programmeId == "A2" && $0.gapText.contains("Mothers greeted at the door") })
    }

    @Test("a decision is checked by field; an adopted action shows what moved by the next cycle closed after it")
    func planAndOutcome() throws {
        let adopted = Date(timeIntervalSince1970: 1_000_000)
        var plan = ActionPlan(id: "1", programmeId: "A1", centreId: "A", ruleId: "iaim-training", mechanisms: [MechanismID(11), MechanismID(14)],
                              gapText: "", action: " ", status: .adopted, owner: "", dueDate: CalendarDate("2026-01-01"), decidedBy: "jo", decidedAt: adopted,
                              ratingsAtAdoption: [.init(mechanism: MechanismID(11), rating: .no), .init(mechanism: MechanismID(14), rating: .no)])
        #expect(Set(plan.problems(today: CalendarDate("2026-02-01")!).keys) == ["action", "owner", "due_date"])
        plan.status = .declined
        #expect(plan.problems(today: CalendarDate("2026-02-01")!) == ["reason": "say why it is declined"])
        plan.status = .adopted
        func cycle(_ name: String, at seconds: Double, m11: Rating) -> AuditCycle {
            AuditCycle(name: name, closedAt: Date(timeIntervalSince1970: seconds), closedBy: "jo", rubricVersion: "1", correlation: nil, profiles: [
                FrozenProfile(programmeId: "A1", name: "A1", centreId: "A", heldSessions: 5, provisional: false, total: 5, ratings: [
                    .init(mechanism: MechanismID(11), rating: m11, explanation: ""), .init(mechanism: MechanismID(14), rating: .no, explanation: "")])])
        }
        #expect(plan.outcome(cycles: [cycle("Before", at: 500_000, m11: .yes)]) == nil, "a cycle closed before adoption says nothing")
        let outcome = try #require(plan.outcome(cycles: [cycle("Before", at: 500_000, m11: .no), cycle("After", at: 2_000_000, m11: .yes)]))
        #expect(outcome.anyMoved && outcome.cycle == "After" && outcome.words == "M11 no → yes; M14 no (unchanged), by After")
        #expect(plan.withholdingFreeText(rules: try ActionRules.standard()).action.hasPrefix("Communication-based (IAIM) training"))
    }

    @Test("a site's table of actions is checked: an unknown mechanism, a duplicate id, an empty action")
    func badTable() {
        let json = #"{"version": "1", "name": "x", "suggestions": [{"id": "a", "gap": "mechanism", "mechanisms": ["M99"], "action": "Do.", "why": ""}, {"id": "a", "gap": "divergent", "action": " ", "why": ""}]}"#
        #expect(throws: ActionRulesError(source: "test", problems: ["suggestions[0] (a): M99 is not a mechanism (M1-M15)",
                                                                  "suggestions[1] (a): every suggestion needs an id of its own",
                                                                  "suggestions[1] (a): action is empty"])) {
            try ActionRules.read(Data(json.utf8), source: "test")
        }
    }
}
