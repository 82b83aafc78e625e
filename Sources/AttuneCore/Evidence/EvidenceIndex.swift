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

    public init(_ document: EvidenceDocument) {
        self.document = document
        centres = Dictionary(document.centres.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        facilitators = Dictionary(document.facilitators.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        sessionsByProgramme = Self.grouped(document.sessions, by: \.programmeId, keys: document.programmes.count).mapValues { sessions in
            // Sessions are usually recorded in order: copying them into a sorted array would
            // then change nothing, and cost a copy of every session.
            let inOrder = sessions.indices.dropFirst().allSatisfy { sessions[$0 - 1].number < sessions[$0].number }
            return inOrder ? sessions : sessions.sorted { $0.number < $1.number }
        }
        invitationsByProgramme = Self.grouped(document.invitations, by: \.programmeId, keys: document.programmes.count)
        attendanceBySession = Self.grouped(document.attendance, by: \.sessionId, keys: document.sessions.count)
        var overrides: [String: [MechanismID: MechanismOverride]] = [:]
        for override in document.overrides { overrides[override.programmeId, default: [:]][override.mechanism] = override }
        self.overrides = overrides
    }

    /// As `Dictionary(grouping:by:)`, with room for about `keys` keys made at the start: grown
    /// step by step, a dictionary of 60,000 sessions rehashes its keys many times over.
    private static func grouped<Value>(_ values: [Value], by key: (Value) -> String, keys: Int) -> [String: [Value]] {
        var groups: [String: [Value]] = [:]
        groups.reserveCapacity(keys)
        for position in values.indices { groups[key(values[position]), default: []].append(values[position]) }
        return groups
    }

    /// The dyad's first invitation to the programme, in the document's order.
    public func invitation(dyad: String, programme: String) -> Invitation? {
        Self.invitation(dyad: dyad, in: invitationsByProgramme[programme] ?? [])
    }

    /// The dyad's first invitation among one programme's invitations. A programme invites a
    /// group of a few mothers, so a scan is cheaper than keeping a map of every enrolment: that
    /// map, keyed by "dyad#programme" strings, cost a string built and hashed per attendance.
    static func invitation(dyad: String, in invitations: [Invitation]) -> Invitation? {
        // By position, so that only the match is copied.
        for position in invitations.indices where invitations[position].dyadId == dyad { return invitations[position] }
        return nil
    }

    public func facilitatorName(_ id: String) -> String {
        facilitators[id]?.name ?? id
    }
}
