import Foundation
import Testing
@testable import AttuneCore

/// The session-share rules at and either side of their thresholds (standard rubric:
/// yes at 80%, variable at 25%).
@Suite("Session rules")
struct SessionRuleTests {
    /// n sessions, of which `met` have `check` set to true and the rest false.
    func fixture(_ met: Int, of total: Int, _ set: @escaping (inout Session, Bool) -> Void) -> EvidenceFixture {
        var fixture = EvidenceFixture()
        fixture.addSessions(total) { session, index in set(&session, index < met) }
        return fixture
    }

    @Test("a yes/no mechanism: 4 of 5 is yes, 3 of 4 is no, and never variable",
          arguments: [(4, 5, Rating.yes), (5, 5, .yes), (3, 4, .no), (1, 2, .no), (0, 3, .no)])
    func yesNo(met: Int, total: Int, expected: Rating) throws {
        let singing = try fixture(met, of: total) { $0.content.singing = $1 }.assess(14)
        #expect(singing.rating == expected)
        let doll = try fixture(met, of: total) { $0.content.dollModelling = $1 }.assess(11)
        #expect(doll.rating == expected)
    }

    @Test("a yes/variable/no mechanism: 80% yes, 25% variable, below that no",
          arguments: [(4, 5, Rating.yes), (3, 4, .variable), (1, 4, .variable), (1, 5, .no), (0, 5, .no)])
    func yesVariableNo(met: Int, total: Int, expected: Rating) throws {
        let states = try fixture(met, of: total) { $0.content.infantStatesTaught = $1 }.assess(12)
        #expect(states.rating == expected)
        let atmosphere = try fixture(met, of: total) { $0.observer.containingAtmosphere = $1 }.assess(5)
        #expect(atmosphere.rating == expected)
    }

    @Test("the explanation holds the numbers and the threshold")
    func explanation() throws {
        let cues = try fixture(2, of: 6) { $0.content.infantCuesTaught = $1; $0.content.babyPermissionAsked = $1 }.assess(13)
        #expect(cues.explanation == "infant cues taught with the baby's permission asked in 2 of 6 sessions (33%): no; yes needs at least 80%")
        #expect(cues.derived.evidence.count == 6)
        let states = try fixture(2, of: 6) { $0.content.infantStatesTaught = $1 }.assess(12)
        #expect(states.explanation == "infant states taught in 2 of 6 sessions (33%): variable; yes needs at least 80%, variable at least 25%")
    }

    @Test("missing evidence is not assessed, never no")
    func missing() throws {
        var none = EvidenceFixture()
        #expect(try none.assess(14).rating == .notAssessed)
        #expect(try none.assess(14).explanation == "no sessions recorded: not assessed")
        none.addSessions(3)
        for mechanism in [4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 7, 1, 2] {
            #expect(try none.assess(mechanism).rating == .notAssessed, "M\(mechanism)")
        }
        #expect(try none.assess(14).explanation.contains("not recorded in any of the 3 sessions"))
        #expect(try none.profile().notAssessed == 13) // all but M3, which the leads decide
        #expect(try none.profile().total == 1)
    }

    @Test("sessions where a check was not recorded are left out of the share")
    func partlyRecorded() throws {
        var fixture = EvidenceFixture()
        fixture.addSessions(5) { session, index in session.content.singing = index < 4 ? true : nil }
        let singing = try fixture.assess(14)
        #expect(singing.rating == .yes)
        #expect(singing.explanation.contains("in 4 of 4 sessions"))
        #expect(singing.explanation.contains("not recorded in 1 session"))
    }

    @Test("strokes count only when taught competently; cues only with the baby's permission")
    func combinedChecks() throws {
        let notCompetent = try fixture(5, of: 5) { $0.content.strokesTaught = true; $0.content.strokesTaughtCompetently = !$1 }.assess(6)
        #expect(notCompetent.rating == .no)
        let noPermission = try fixture(5, of: 5) { $0.content.infantCuesTaught = $1; $0.content.babyPermissionAsked = false }.assess(13)
        #expect(noPermission.rating == .no)
        let notTaught = try fixture(0, of: 5) { $0.content.strokesTaught = $1 }.assess(6)
        #expect(notTaught.rating == .no)
    }

    @Test("M3: one lead throughout is yes; a second lead makes it no; none recorded is not assessed")
    func consistentLead() throws {
        var fixture = EvidenceFixture()
        fixture.addSessions(4)
        #expect(try fixture.assess(3).rating == .yes)
        #expect(try fixture.assess(3).explanation == "Amy led all 4 recorded sessions: yes")
        fixture.addSessions(1) { session, _ in session.facilitatorsPresent = ["F2"]; session.leadFacilitatorId = "F2" }
        let two = try fixture.assess(3)
        #expect(two.rating == .no)
        #expect(two.explanation.contains("2 different facilitators led the 5 sessions: Amy (sessions 1, 2, 3, 4); Bea (session 5)"))
        let relaxed = try Rubric.read(Data(#"{"rubric_version":"t","name":"t","rules":[{"mechanism":"M3","rule":"consistent_lead","maximum_distinct_leads":2}]}"#.utf8), source: "test")
        #expect(try fixture.assess(3, rubric: relaxed).rating == .yes)
    }

    @Test("M4: a session mostly meets needs with 4 of its 5 checks, not with 3")
    func setting() throws {
        func setting(failing: Int) -> SettingChecks {
            var checks = SettingChecks(easyToFind: true, greetedAtDoor: true, buggiesAccommodated: true, roomNotCrowded: true, warmEnough: true)
            if failing >= 1 { checks.easyToFind = false }
            if failing >= 2 { checks.buggiesAccommodated = false }
            return checks
        }
        var oneMissing = EvidenceFixture()
        oneMissing.addSessions(5) { session, _ in session.setting = setting(failing: 1) }
        let mostly = try oneMissing.assess(4)
        #expect(mostly.rating == .yes)
        #expect(mostly.explanation.contains("not met: easy to find in 5"))
        var twoMissing = EvidenceFixture()
        twoMissing.addSessions(5) { session, index in session.setting = setting(failing: index < 3 ? 2 : 1) }
        let missing = try twoMissing.assess(4)
        #expect(missing.rating == .no)
        // The components most often missed come first; equal counts in alphabetical order.
        #expect(missing.explanation.hasSuffix("; not met: easy to find in 5, buggies accommodated in 3"))
        var tied = EvidenceFixture()
        tied.addSessions(2) { session, _ in session.setting = setting(failing: 2) }
        #expect(try tied.assess(4).explanation.hasSuffix("; not met: buggies accommodated in 2, easy to find in 2"))
    }

    @Test("M4: warmth is judged from the room temperature (20 °C) when not checked directly",
          arguments: [(20.0, Rating.yes), (19.9, .no), (25.0, .yes)])
    func warmth(temperature: Double, expected: Rating) throws {
        var fixture = EvidenceFixture()
        fixture.addSessions(5) { session, _ in
            session.setting = SettingChecks(easyToFind: false, greetedAtDoor: true, buggiesAccommodated: true, roomNotCrowded: true)
            session.roomTemperatureCelsius = temperature
        }
        #expect(try fixture.assess(4).rating == expected)
        // A direct check wins over the thermometer.
        var checked = fixture
        for index in checked.document.sessions.indices { checked.document.sessions[index].setting.warmEnough = true }
        #expect(try checked.assess(4).rating == .yes)
    }

    @Test("M8: social time counts from 10 minutes; offered with minutes unrecorded counts",
          arguments: [(10, true, Rating.yes), (9, true, .no), (nil, true, .yes), (30, false, .no)] as [(Int?, Bool, Rating)])
    func socialTime(minutes: Int?, offered: Bool, expected: Rating) throws {
        var fixture = EvidenceFixture()
        fixture.addSessions(5) { session, _ in
            session.content.socialTime = offered
            session.content.socialMinutes = minutes
        }
        #expect(try fixture.assess(8).rating == expected)
    }
}
