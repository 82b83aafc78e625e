/// An evidence document indexed for the assessment engine: every lookup a rule makes is a
/// dictionary read, so assessing thousands of programmes stays linear.
public struct EvidenceIndex: Sendable {
    public let document: EvidenceDocument
    public let centres: [String: Centre]
    public let facilitators: [String: Facilitator]
    public let sessionsByProgramme: [String: [Session]]
    public let invitationsByProgramme: [String: [Invitation]]
    public let attendanceBySession: [String: [Attendance]]
    public let overrides: [String: [MechanismID: MechanismOverride]]
    private let invitationByEnrolment: [String: Invitation]

    public init(_ document: EvidenceDocument) {
        self.document = document
        centres = Dictionary(document.centres.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        facilitators = Dictionary(document.facilitators.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        sessionsByProgramme = Dictionary(grouping: document.sessions, by: \.programmeId)
            .mapValues { $0.sorted { $0.number < $1.number } }
        invitationsByProgramme = Dictionary(grouping: document.invitations, by: \.programmeId)
        attendanceBySession = Dictionary(grouping: document.attendance, by: \.sessionId)
        invitationByEnrolment = Dictionary(document.invitations.map { ("\($0.dyadId)#\($0.programmeId)", $0) },
                                           uniquingKeysWith: { first, _ in first })
        var overrides: [String: [MechanismID: MechanismOverride]] = [:]
        for override in document.overrides { overrides[override.programmeId, default: [:]][override.mechanism] = override }
        self.overrides = overrides
    }

    public func invitation(dyad: String, programme: String) -> Invitation? {
        invitationByEnrolment["\(dyad)#\(programme)"]
    }

    public func facilitatorName(_ id: String) -> String {
        facilitators[id]?.name ?? id
    }
}
