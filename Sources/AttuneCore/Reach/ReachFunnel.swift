/// Who a programme reached: invited, consented, attended at least once, completed (attended at
/// least a share of its sessions, 75% by default).
public struct ReachFunnel: Codable, Equatable, Sendable {
    public let programmeId: String?
    public let invited: Int
    public let consented: Int
    public let attendedOnce: Int
    public let completed: Int
    public let completionShare: Double

    public static let defaultCompletionShare = 0.75

    /// One programme's funnel, or (programme nil) every programme's summed. `consentedDyads` is
    /// computed once by a caller that builds many funnels.
    public init(programmeId: String?, index: EvidenceIndex, consentedDyads: Set<String>? = nil,
                completionShare: Double = ReachFunnel.defaultCompletionShare) {
        self.programmeId = programmeId
        self.completionShare = completionShare
        let programmes = programmeId.map { [$0] } ?? index.document.programmes.map(\.id)
        var invited = 0, consented = 0, attendedOnce = 0, completed = 0
        let consenting = consentedDyads ?? Self.consenting(index.document)
        for programme in programmes {
            let sessions = index.sessionsByProgramme[programme] ?? []
            var attendedCount: [String: Int] = [:]
            for session in sessions {
                for entry in index.attendanceBySession[session.id] ?? [] where entry.status.attended {
                    attendedCount[entry.dyadId, default: 0] += 1
                }
            }
            for invitation in index.invitationsByProgramme[programme] ?? [] {
                invited += 1
                if consenting.contains(invitation.dyadId) { consented += 1 }
                let count = attendedCount[invitation.dyadId] ?? 0
                if count > 0 { attendedOnce += 1 }
                if !sessions.isEmpty && Double(count) + 1e-9 >= completionShare * Double(sessions.count) { completed += 1 }
            }
        }
        self.invited = invited
        self.consented = consented
        self.attendedOnce = attendedOnce
        self.completed = completed
    }

    public static func consenting(_ document: EvidenceDocument) -> Set<String> {
        Set(document.dyads.filter(\.consentToRecords).map(\.id))
    }
}
