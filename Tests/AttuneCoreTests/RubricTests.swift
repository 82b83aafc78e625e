import Foundation
import Testing
@testable import AttuneCore

@Suite("Rubric")
struct RubricTests {
    func rubric(_ rules: String) throws(RubricError) -> Rubric {
        try Rubric.read(Data(#"{"rubric_version":"site-1","name":"Site","rules":[\#(rules)]}"#.utf8), source: "site.json")
    }

    func problems(_ rules: String) -> String {
        do {
            _ = try rubric(rules)
            return ""
        } catch {
            return error.description
        }
    }

    @Test("the standard rubric is versioned and has a rule for every mechanism")
    func standard() throws {
        let standard = try Rubric.standard()
        #expect(!standard.version.isEmpty)
        #expect(standard.rules.keys.sorted() == (1...15).map(MechanismID.init))
        for mechanism in MechanismCatalogue.all where mechanism.scale == .yesNo {
            #expect(standard.rules[mechanism.id]?.thresholds?.variableAtLeast == nil, "\(mechanism.id)")
        }
    }

    @Test("a threshold outside 0-1 is refused, naming the mechanism and the field",
          arguments: ["1.2", "-0.1", "80"])
    func outOfRange(value: String) {
        let message = problems(#"{"mechanism":"M5","rule":"session_share","check":"containing_atmosphere","yes_at_least":\#(value),"variable_at_least":0.25}"#)
        #expect(message.contains("site.json"))
        #expect(message.contains("M5"))
        #expect(message.contains("yes_at_least"))
        #expect(message.contains("outside 0-1"))
    }

    @Test("a variable threshold on a yes/no mechanism is refused: it could never come out variable")
    func variableOnYesNo() {
        let message = problems(#"{"mechanism":"M13","rule":"session_share","check":"infant_cues_with_permission","yes_at_least":0.8,"variable_at_least":0.3}"#)
        #expect(message.contains("M13"))
        #expect(message.contains("variable_at_least is not allowed"))
    }

    @Test("other mistakes are named",
          arguments: [
            (#"{"mechanism":"M12","rule":"session_share","check":"infant_states_taught","yes_at_least":0.8}"#, "variable_at_least is required"),
            (#"{"mechanism":"M12","rule":"session_share","check":"infant_states_taught","yes_at_least":0.5,"variable_at_least":0.6}"#, "above yes_at_least"),
            (#"{"mechanism":"M14","rule":"session_share","check":"dancing","yes_at_least":0.8}"#, "check must be one of"),
            (#"{"mechanism":"M14","rule":"guesswork","yes_at_least":0.8}"#, "unknown rule"),
            (#"{"mechanism":"M99","rule":"session_share","check":"singing","yes_at_least":0.8}"#, "M99: not a mechanism"),
            (#"{"mechanism":"M7","rule":"group_size","minimum_dyads":9,"maximum_dyads":4,"yes_at_least":0.8}"#, "reversed"),
            (#"{"mechanism":"M4","rule":"setting_mostly_met","components_at_least":0.8,"warm_from_celsius":60,"yes_at_least":0.8}"#, "warm_from_celsius"),
            (#"{"mechanism":"M14","rule":"session_share","check":"singing","yes_at_least":0.8},{"mechanism":"M14","rule":"session_share","check":"singing","yes_at_least":0.9}"#, "more than one rule"),
            (#"{"mechanism":"M14","rule":"session_share","check":"singing","yes_at_least":"high"}"#, "rules[0].yes_at_least: expected a number"),
          ])
    func mistakes(rules: String, expected: String) {
        #expect(problems(rules).contains(expected), "\(problems(rules))")
    }

    @Test("a site rubric changes the result: five to eight dyads, as the paper's text says")
    func siteRubric() throws {
        var fixture = EvidenceFixture()
        fixture.addSessions(5) { session, _ in session.unregisteredDyadsPresent = 4 }
        #expect(try fixture.assess(7).rating == .yes)
        let site = try rubric(#"{"mechanism":"M7","rule":"group_size","minimum_dyads":5,"maximum_dyads":8,"yes_at_least":0.8}"#)
        #expect(try fixture.assess(7, rubric: site).rating == .no)
        #expect(try fixture.assess(14, rubric: site).explanation == "the rubric has no rule for M14: not assessed")
    }

    @Test("a missing rubric file is named")
    func missingFile() {
        #expect(throws: RubricError.self) { try Rubric.load(path: "/nonexistent/rubric.json") }
    }

    @Test("a profile is provisional below the rubric's sessions held: 3 when the file does not say, and written back with the rubric")
    func provisionalThreshold() throws {
        let standard = try Rubric.standard()
        #expect(standard.provisionalBelowHeldSessions == 3)
        #expect(standard.isProvisional(heldSessions: 2) && !standard.isProvisional(heldSessions: 3))
        let unsaid = try rubric(#"{"mechanism":"M3","rule":"consistent_lead"}"#)
        #expect(unsaid.provisionalBelowHeldSessions == Rubric.defaultProvisionalBelowHeldSessions)
        let site = try Rubric.read(Data(#"{"rubric_version":"s","name":"S","provisional_below_held_sessions":0,"rules":[]}"#.utf8), source: "site.json")
        #expect(site.provisionalBelowHeldSessions == 0 && !site.isProvisional(heldSessions: 0))
        #expect(try Rubric.read(site.fileData, source: "kept") == site)
        #expect(try Rubric.read(standard.fileData, source: "kept") == standard)
        for value in ["-1", "53"] {
            do {
                _ = try Rubric.read(Data(#"{"rubric_version":"s","name":"S","provisional_below_held_sessions":\#(value),"rules":[]}"#.utf8),
                                    source: "site.json")
                Issue.record("\(value) accepted")
            } catch {
                #expect(error.description.contains("provisional_below_held_sessions \(value) is outside 0-52"))
            }
        }
    }
}
