import Foundation
import Testing
@testable import AttuneCore

@Suite("Evidence validation")
struct EvidenceValidatorTests {
    func problems(_ change: (inout EvidenceFixture) -> Void) -> [EvidenceProblem] {
        var fixture = EvidenceFixture()
        fixture.addSessions(2)
        fixture.addDyad("D1")
        fixture.attend("D1", "S1")
        change(&fixture)
        return EvidenceValidator.problems(in: fixture.document)
    }

    @Test("a valid document has no problems")
    func valid() {
        #expect(problems { _ in }.isEmpty)
    }

    @Test("a session with no facilitator is refused")
    func noFacilitator() {
        let found = problems { $0.document.sessions[0].facilitatorsPresent = []; $0.document.sessions[0].leadFacilitatorId = nil }
        #expect(found.map(\.description) == ["session S1, facilitators_present: a session needs at least one facilitator"])
    }

    @Test("a lead who was not present, or no lead named, is refused")
    func lead() {
        #expect(problems { $0.document.sessions[0].leadFacilitatorId = "F2" }.map(\.field) == ["lead_facilitator_id"])
        #expect(problems { $0.document.sessions[0].leadFacilitatorId = nil }.map(\.field) == ["lead_facilitator_id"])
    }

    @Test("attendance for a dyad not enrolled in the programme is refused")
    func notEnrolled() {
        let found = problems { fixture in
            fixture.document.dyads.append(Dyad(id: "D9", consentToRecords: true))
            fixture.attend("D9", "S2")
        }
        #expect(found.count == 1)
        #expect(found[0].record == "attendance of dyad D9 at session S2")
        #expect(found[0].message.contains("not enrolled in programme P"))
    }

    @Test("a room temperature outside 0-45 °C is refused; the bounds themselves are fine",
          arguments: [(45.0, true), (0.0, true), (45.5, false), (-1.0, false), (60.0, false)])
    func temperature(value: Double, accepted: Bool) {
        let found = problems { $0.document.sessions[0].roomTemperatureCelsius = value }
        #expect(found.isEmpty == accepted)
        if !accepted { #expect(found[0].description.contains("room_temperature_celsius: \(value.formatted1) is outside 0-45 °C")) }
    }

    @Test("a session number beyond the planned count, or twice in a programme, is refused")
    func sessionNumber() {
        let beyond = problems { $0.document.sessions[1].number = 13 }
        #expect(beyond.map(\.description) == ["session S2, number: 13 is outside 1-12, the programme's planned sessions"])
        let twice = problems { $0.document.sessions[1].number = 1 }
        #expect(twice.map(\.message) == ["programme P already has a session 1"])
    }

    @Test("unknown ids are refused, naming the record and field")
    func unknownIds() {
        let found = problems { fixture in
            fixture.document.sessions[0].facilitatorsPresent = ["F1", "F404"]
            fixture.document.programmes[0].centreId = "nowhere"
            fixture.document.invitations[0].invitedByFacilitatorId = "F405"
            fixture.attend("D1", "S404")
        }
        let described = found.map(\.description)
        #expect(described.contains("session S1, facilitators_present: no facilitator has the id F404"))
        #expect(described.contains("programme P, centre_id: no centre has the id nowhere"))
        #expect(described.contains("invitation I-D1, invited_by_facilitator_id: no facilitator has the id F405"))
        #expect(described.contains("attendance of dyad D1 at session S404, session_id: no session has the id S404"))
    }

    @Test("duplicate ids are refused")
    func duplicates() {
        let found = problems { fixture in
            fixture.document.sessions[1].id = "S1"
            fixture.document.dyads.append(Dyad(id: "D1", consentToRecords: false))
            fixture.attend("D1", "S1")
        }
        let described = found.map(\.description)
        #expect(described.contains("session S1, id: the id S1 is used by more than one session"))
        #expect(described.contains("dyad D1, id: the id D1 is used by more than one dyad"))
        #expect(described.contains { $0.contains("attendance is recorded twice") })
    }

    @Test("other ranges: deprivation decile 1-10, a personal invitation names its inviter, overrides need a rationale")
    func otherRanges() {
        #expect(problems { $0.document.centres[0].deprivationDecile = 11 }.map(\.field) == ["deprivation_decile"])
        #expect(problems { $0.document.invitations[0].invitedByFacilitatorId = nil }.map(\.field) == ["invited_by_practitioner"])
        let override = problems { $0.document.overrides = [MechanismOverride(programmeId: "P", mechanism: MechanismID(3), rating: .variable, rationale: "", observer: "")] }
        #expect(Set(override.map(\.field)) == ["rating", "rationale", "observer"])
    }

    @Test("reading a document names the path of a wrongly typed field")
    func readErrors() throws {
        var fixture = EvidenceFixture()
        fixture.addSessions(1)
        var json = try #require(try JSONSerialization.jsonObject(with: fixture.document.encoded()) as? [String: Any])
        var sessions = try #require(json["sessions"] as? [[String: Any]])
        sessions[0]["room_temperature_celsius"] = "warm"
        json["sessions"] = sessions
        let data = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: EvidenceError.unreadable("sessions[0].room_temperature_celsius: expected a number")) {
            try EvidenceDocument.read(data)
        }
        #expect(throws: EvidenceError.self) { try EvidenceDocument.read(Data("{".utf8)) }
    }

    @Test("a document round-trips through its JSON form unchanged")
    func roundTrip() throws {
        let study = try StudyEvidence.load()
        #expect(try EvidenceDocument.read(study.encoded()) == study)
    }

    @Test("a blank id is what Foundation's trimming calls blank", arguments: [
        "", " ", "\t", "  \t ", "\u{00A0}", "\u{3000}", "\u{2003} ", "\n", " \r\n", "a", " a ", "A1-D01", "\u{00A0}x", "é", "\u{7F}",
    ])
    func blank(id: String) {
        #expect(EvidenceValidator.isBlank(id) == id.trimmingCharacters(in: .whitespaces).isEmpty)
    }
}
