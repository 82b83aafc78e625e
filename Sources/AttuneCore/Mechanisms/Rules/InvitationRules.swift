/// M1 and M2: how mothers were invited, and whether the inviter then ran their sessions.
enum InvitationRules {
    /// M1: the share of invitations made personally by a named practitioner.
    static func personalInvitations(_ invitations: [Invitation], scale: RatingScale, thresholds: ShareThresholds) -> DerivedRating {
        guard !invitations.isEmpty else {
            return DerivedRating(rating: .notAssessed, explanation: "no invitations recorded: not assessed", evidence: [])
        }
        let personal = invitations.filter(\.isPersonal).count
        var (rating, explanation) = thresholds.explain(
            "personal invitations (in person, or by phone or text, from a named practitioner)",
            count: personal, of: invitations.count, unit: "invitation", scale: scale)
        let others = Dictionary(grouping: invitations.filter { !$0.isPersonal }, by: \.mode)
            .map { "\($0.value.count) \($0.key.rawValue.replacingOccurrences(of: "_", with: " "))" }
            .sorted()
        if !others.isEmpty { explanation += "; the others: " + others.joined(separator: ", ") }
        return DerivedRating(rating: rating, explanation: explanation, evidence: invitations.map { .invitation($0.id) })
    }

    /// M2: of the sessions mothers attended, the share led by the facilitator who invited them.
    static func inviterLeadsSessions(programmeId: String, sessions: [Session], index: EvidenceIndex,
                                     scale: RatingScale, thresholds: ShareThresholds) -> DerivedRating {
        var attended = 0
        var ledByInviter = 0
        var withoutFacilitatorInviter = 0
        var evidence: [EvidenceReference] = []
        for session in sessions {
            for entry in index.attendanceBySession[session.id] ?? [] where entry.status.attended {
                attended += 1
                evidence.append(.attendance(dyad: entry.dyadId, session: session.id))
                let inviter = index.invitation(dyad: entry.dyadId, programme: programmeId)?.invitedByFacilitatorId
                if inviter == nil { withoutFacilitatorInviter += 1 }
                if let inviter, inviter == session.leadFacilitatorId { ledByInviter += 1 }
            }
        }
        guard attended > 0 else {
            return DerivedRating(rating: .notAssessed, explanation: "no attendance recorded: not assessed", evidence: [])
        }
        var (rating, explanation) = thresholds.explain(
            "sessions led by the facilitator who invited the mother", count: ledByInviter, of: attended,
            unit: "attendance", scale: scale)
        if withoutFacilitatorInviter > 0 {
            explanation += "; \(withoutFacilitatorInviter) attendance\(withoutFacilitatorInviter == 1 ? " was" : "s were") by mothers not invited by a facilitator"
        }
        return DerivedRating(rating: rating, explanation: explanation, evidence: evidence)
    }
}
