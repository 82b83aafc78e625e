@testable import AttuneCore

/// Builds small evidence documents for rule tests: one centre, two facilitators, one programme.
struct EvidenceFixture {
    var document = EvidenceDocument(
        centres: [Centre(id: "C", name: "Riverside", deprivationDecile: 2)],
        facilitators: [
            Facilitator(id: "F1", name: "Amy", role: .healthVisitor, trainingBody: .iaim, trainingDays: 4),
            Facilitator(id: "F2", name: "Bea", role: .nurseryNurse, trainingBody: .peterWalker, trainingDays: 2),
            Facilitator(id: "F3", name: "Cat", role: .midwife, trainingBody: .iaim, trainingDays: 4),
        ],
        programmes: [Programme(id: "P", centreId: "C", name: "Spring group", plannedSessions: 12)])

    /// Adds `count` sessions led by F1, each shaped by `configure(session, zero-based index)`.
    mutating func addSessions(_ count: Int, configure: (inout Session, Int) -> Void = { _, _ in }) {
        let start = document.sessions.count
        for index in 0..<count {
            var session = Session(id: "S\(start + index + 1)", programmeId: "P", number: start + index + 1,
                                  facilitatorsPresent: ["F1"], leadFacilitatorId: "F1")
            configure(&session, index)
            document.sessions.append(session)
        }
    }

    /// Adds a dyad with an invitation to the programme.
    mutating func addDyad(_ id: String, invitedBy facilitator: String? = "F1", mode: InvitationMode = .inPerson) {
        document.dyads.append(Dyad(id: id, consentToRecords: true))
        document.invitations.append(Invitation(id: "I-\(id)", dyadId: id, programmeId: "P",
                                               invitedByFacilitatorId: facilitator, mode: mode))
    }

    mutating func attend(_ dyad: String, _ session: String, _ status: AttendanceStatus = .present) {
        document.attendance.append(Attendance(dyadId: dyad, sessionId: session, status: status))
    }

    func assess(_ mechanism: Int, rubric: Rubric? = nil) throws -> MechanismAssessment {
        let engine = AssessmentEngine(rubric: try rubric ?? Rubric.standard())
        let profile = engine.profile(of: document.programmes[0], in: EvidenceIndex(document))
        return profile.assessment(MechanismID(mechanism))!
    }

    func profile() throws -> ProgrammeProfile {
        AssessmentEngine(rubric: try Rubric.standard()).profile(of: document.programmes[0], in: EvidenceIndex(document))
    }
}
