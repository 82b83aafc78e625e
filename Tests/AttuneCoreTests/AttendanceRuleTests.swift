import Testing
@testable import AttuneCore

@Suite("Invitation and attendance rules")
struct AttendanceRuleTests {
    @Test("M1: personal invitations at 80% are yes, below are no, and never variable",
          arguments: [(4, 5, Rating.yes), (5, 5, .yes), (3, 5, .no), (0, 2, .no)])
    func personalInvitations(personal: Int, total: Int, expected: Rating) throws {
        var fixture = EvidenceFixture()
        for index in 0..<total {
            fixture.addDyad("D\(index)", invitedBy: index < personal ? "F1" : nil,
                            mode: index < personal ? .inPerson : .leafletOrPoster)
        }
        let m1 = try fixture.assess(1)
        #expect(m1.rating == expected)
        #expect(m1.explanation.contains("in \(personal) of \(total) invitation"))
    }

    @Test("M1: phone or text from a named practitioner is personal; a referral or self-referral is not")
    func personalModes() throws {
        var fixture = EvidenceFixture()
        fixture.document.dyads = [Dyad(id: "D1", consentToRecords: true), Dyad(id: "D2", consentToRecords: true)]
        fixture.document.invitations = [
            Invitation(id: "I1", dyadId: "D1", programmeId: "P", invitedByPractitioner: "Health visitor J. Patel", mode: .phoneOrText),
            Invitation(id: "I2", dyadId: "D2", programmeId: "P", invitedByPractitioner: "GP surgery", mode: .professionalReferral),
        ]
        let m1 = try fixture.assess(1)
        #expect(m1.explanation.contains("in 1 of 2 invitations"))
        #expect(m1.explanation.hasSuffix("in 1 of 2 invitations (50%): no; yes needs at least 80%; the others: 1 professional referral"))
        #expect(try EvidenceFixture().assess(1).rating == .notAssessed)
    }

    /// Five sessions; a dyad invited by F1 attends all; leads: F1 for the first `ledByInviter`.
    func inviterFixture(ledByInviter: Int, sessions: Int = 5) -> EvidenceFixture {
        var fixture = EvidenceFixture()
        fixture.addSessions(sessions) { session, index in
            if index >= ledByInviter { session.facilitatorsPresent = ["F2"]; session.leadFacilitatorId = "F2" }
        }
        fixture.addDyad("D1", invitedBy: "F1")
        for session in fixture.document.sessions { fixture.attend("D1", session.id) }
        return fixture
    }

    @Test("M2: the inviter leading 80% of attendances is yes, 25% variable, 20% no",
          arguments: [(4, 5, Rating.yes), (3, 4, .variable), (1, 4, .variable), (1, 5, .no)])
    func inviterLeads(led: Int, sessions: Int, expected: Rating) throws {
        #expect(try inviterFixture(ledByInviter: led, sessions: sessions).assess(2).rating == expected)
    }

    @Test("M2: absences do not count, late does; a mother invited by a leaflet never matches")
    func inviterAttendance() throws {
        var fixture = inviterFixture(ledByInviter: 4)
        fixture.document.attendance[4].status = .absent // the F2-led session
        fixture.document.attendance[0].status = .late
        #expect(try fixture.assess(2).explanation.hasPrefix("sessions led by the facilitator who invited the mother in 4 of 4 attendances"))
        fixture.addDyad("D2", invitedBy: nil, mode: .leafletOrPoster)
        fixture.attend("D2", "S1")
        let m2 = try fixture.assess(2)
        #expect(m2.explanation.contains("in 4 of 5 attendances"))
        #expect(m2.explanation.contains("1 attendance was by mothers not invited by a facilitator"))
        #expect(try inviterFixture(ledByInviter: 5).assess(2).derived.evidence.count == 5)
    }

    @Test("M2: no attendance recorded is not assessed")
    func inviterNoAttendance() throws {
        var fixture = EvidenceFixture()
        fixture.addSessions(3)
        fixture.addDyad("D1")
        #expect(try fixture.assess(2).rating == .notAssessed)
    }

    /// One session per entry of `sizes`: that many registered dyads present.
    func groupFixture(_ sizes: [Int], unregistered: Int = 0) -> EvidenceFixture {
        var fixture = EvidenceFixture()
        fixture.addSessions(sizes.count) { session, _ in session.unregisteredDyadsPresent = unregistered }
        for index in 0..<(sizes.max() ?? 0) { fixture.addDyad("D\(index)") }
        for (sessionIndex, size) in sizes.enumerated() {
            for index in 0..<(sizes.max() ?? 0) {
                fixture.attend("D\(index)", "S\(sessionIndex + 1)", index < size ? .present : .absent)
            }
        }
        return fixture
    }

    @Test("M7: groups of 4 to 8 dyads in 80% of sessions",
          arguments: [([4, 4, 4, 4, 4], Rating.yes), ([8, 8, 8, 8, 8], .yes), ([3, 3, 3, 3, 3], .no),
                      ([9, 9, 9, 9, 9], .no), ([4, 5, 6, 7, 3], .yes), ([4, 5, 6, 3, 3], .no)])
    func groupSize(sizes: [Int], expected: Rating) throws {
        let m7 = try groupFixture(sizes).assess(7)
        #expect(m7.rating == expected)
        #expect(m7.explanation.hasSuffix("group sizes " + sizes.map(String.init).joined(separator: ", ")))
    }

    @Test("M7: mothers present but not registered count; a session with no register is left out")
    func groupSizeCounting() throws {
        #expect(try groupFixture([3, 3, 3], unregistered: 1).assess(7).rating == .yes)
        var fixture = groupFixture([5, 5, 5, 5])
        fixture.addSessions(1) // no attendance taken
        let m7 = try fixture.assess(7)
        #expect(m7.rating == .yes)
        #expect(m7.explanation.contains("in 4 of 4 sessions"))
        var none = EvidenceFixture()
        none.addSessions(2)
        #expect(try none.assess(7).rating == .notAssessed)
    }

    @Test("an observer's override replaces the rating, keeps the derived one, and counts in the total")
    func override() throws {
        var fixture = EvidenceFixture()
        fixture.addSessions(5) { session, _ in session.content.singing = false }
        fixture.document.overrides = [MechanismOverride(
            programmeId: "P", mechanism: MechanismID(14), rating: .yes,
            rationale: "Songs were sung at the door as mothers arrived, outside the logged session.", observer: "R. Khan")]
        let m14 = try fixture.assess(14)
        #expect(m14.rating == .yes)
        #expect(m14.derived.rating == .no)
        #expect(m14.isOverridden)
        #expect(m14.explanation.contains("in 0 of 5 sessions"))
        #expect(m14.explanation.contains("Overridden to yes by R. Khan: Songs were sung"))
        #expect(try fixture.profile().total == 2) // M3 and the overridden M14
    }
}
