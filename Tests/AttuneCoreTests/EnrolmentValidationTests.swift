import Testing
@testable import AttuneCore

@Suite struct EnrolmentValidationTests {
    func problems(_ change: (inout EvidenceFixture) -> Void) -> [String] {
        var fixture = EvidenceFixture()
        fixture.addSessions(2)
        fixture.addDyad("D1")
        change(&fixture)
        return EvidenceValidator.problems(in: fixture.document).map(\.description)
    }

    @Test func theLastPlaceCannotBeGivenTwice() {
        let found = problems { fixture in
            fixture.document.programmes[0].placeLimit = 1
            fixture.addDyad("D2")
            fixture.document.invitations[0].status = .enrolled
            fixture.document.invitations[1].status = .enrolled
        }
        #expect(found.contains { $0.contains("place_limit") && $0.contains("2 dyads are enrolled but the programme has 1 places") })
    }

    @Test func aDuplicateEnrolmentIsRefused() {
        let found = problems { fixture in
            fixture.document.invitations.append(Invitation(id: "I-again", dyadId: "D1", programmeId: "P", mode: .selfReferral))
        }
        #expect(found.contains { $0.contains("dyad D1 is already invited to programme P") })
    }

    @Test func attendanceOutsideTheProgrammesSessionsIsRefused() {
        let found = problems { fixture in
            fixture.document.dyads.append(Dyad(id: "D9", consentToRecords: true))
            fixture.attend("D9", "S1")
            fixture.document.sessions[1].cancelled = true
            fixture.attend("D1", "S2")
            fixture.attend("D1", "S7")
        }
        #expect(found.contains { $0.contains("dyad D9 is not enrolled in programme P") })
        #expect(found.contains { $0.contains("session S2 was cancelled") })
        #expect(found.contains { $0.contains("no session has the id S7") })
    }

    @Test func aChannelNeedsItsContact() {
        let found = problems { fixture in
            fixture.document.dyads[0].preferredChannel = .email
        }
        #expect(found.contains("dyad D1, email: she prefers email reminders but has no email recorded; record one or choose another channel"))
    }
}
