@testable import AttuneCore
import Testing

@Suite("Need against provision: who is counted")
struct NeedVersusProvisionTests {
    /// One programme of three sessions, counted by hand:
    /// - D1 (high need) invited, attends all three sessions: one enrolled and one attending, both high;
    /// - D2 (low) invited, late once, absent twice: late still counts as attending;
    /// - D3 (high) invited, absent from every session: enrolled, not attending;
    /// - D4 (unknown need: no level) invited, never on a register;
    /// - D5 (high) on a register without an invitation (a document the validator would refuse):
    ///   counted once among those attending, and not among the enrolled.
    /// A second programme that has not started (no register) stays out.
    @Test("each mother is counted once, whatever the number of sessions, by her first invitation")
    func countedByHand() throws {
        let sessions = (1...3).map { Session(id: "P1-S\($0)", programmeId: "P1", number: $0, facilitatorsPresent: [], leadFacilitatorId: nil) }
        func invited(_ dyad: String, to programme: String = "P1") -> Invitation {
            Invitation(id: "\(programme)-\(dyad)", dyadId: dyad, programmeId: programme, invitedByPractitioner: "HV", mode: .inPerson)
        }
        var attendance: [Attendance] = []
        for session in sessions {
            attendance.append(Attendance(dyadId: "D1", sessionId: session.id, status: .present))
            attendance.append(Attendance(dyadId: "D2", sessionId: session.id, status: session.number == 2 ? .late : .absent))
            attendance.append(Attendance(dyadId: "D3", sessionId: session.id, status: .absent))
            attendance.append(Attendance(dyadId: "D5", sessionId: session.id, status: .present))
        }
        let document = EvidenceDocument(
            centres: [Centre(id: "C", name: "Centre", deprivationDecile: 2)],
            programmes: [Programme(id: "P1", centreId: "C", name: "Started", plannedSessions: 3),
                         Programme(id: "P2", centreId: "C", name: "Not started", plannedSessions: 3)],
            sessions: sessions, dyads: (1...5).map { Dyad(id: "D\($0)", consentToRecords: true) },
            invitations: ["D1", "D2", "D3", "D4"].map { invited($0) } + [invited("D1", to: "P2")],
            attendance: attendance)
        let index = EvidenceIndex(document)
        let profiles = AssessmentEngine(rubric: try Rubric.standard()).profiles(index)
        let need: [String: NeedLevel] = ["D1": .high, "D2": .low, "D3": .high, "D5": .high]

        let analysis = NeedVersusProvision(profiles: profiles, index: index, needByDyad: need)
        let row = try #require(analysis.rows.first)
        #expect(analysis.rows.map(\.programmeId) == ["P1"])
        #expect((row.enrolled, row.enrolledHighNeed) == (4, 2))
        #expect((row.attending, row.attendingHighNeed) == (3, 2))
        #expect(row.highNeedShareEnrolled.value == 0.5)
        #expect(row.highNeedShareAttending.value == 2.0 / 3.0)
        #expect(row.centre == "Centre" && row.deprivationDecile == 2)
    }
}
