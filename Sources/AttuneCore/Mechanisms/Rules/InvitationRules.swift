/// M1 and M2: how mothers were invited, and whether the inviter then ran their sessions.
enum InvitationRules {
    /// M1: the share of invitations made personally by a named practitioner.
    static func personalInvitations(_ invitations: [Invitation], scale: RatingScale, thresholds: ShareThresholds) -> DerivedRating {
        guard !invitations.isEmpty else {
            return DerivedRating(rating: .notAssessed, explanation: "no invitations recorded: not assessed", evidence: [])
        }
        var personalCount = 0 // counted in place: this runs for every programme
        for position in invitations.indices where invitations[position].isPersonal { personalCount += 1 }
        let personal = personalCount
        return DerivedRating(
            rating: thresholds.rate(personal, of: invitations.count, scale: scale),
            explanation: {
                let others = Dictionary(grouping: invitations.filter { !$0.isPersonal }, by: \.mode)
                    .map { "\($0.value.count) \($0.key.words)" }
                    .sorted()
                return thresholds.sentence("personal invitations (in person, or by phone or text, from a named practitioner)",
                                           count: personal, of: invitations.count, unit: "invitation", scale: scale)
                    + (others.isEmpty ? "" : "; the others: " + others.joined(separator: ", "))
            }(),
            evidence: invitations.map { .invitation($0.id) })
    }

    /// M2: of the sessions mothers attended, the share led by the facilitator who invited them.
    static func inviterLeadsSessions(programmeId: String, sessions: [Session], index: EvidenceIndex,
                                     scale: RatingScale, thresholds: ShareThresholds) -> DerivedRating {
        var attended = 0
        var ledByInviter = 0
        var withoutFacilitatorInviter = 0
        let invitations = index.invitationsByProgramme[programmeId] ?? []
        for session in sessions {
            for entry in index.attendanceBySession[session.id] ?? [] where entry.status.attended {
                attended += 1
                let inviter = EvidenceIndex.invitation(dyad: entry.dyadId, in: invitations)?.invitedByFacilitatorId
                if inviter == nil { withoutFacilitatorInviter += 1 }
                if let inviter, inviter == session.leadFacilitatorId { ledByInviter += 1 }
            }
        }
        guard attended > 0 else {
            return DerivedRating(rating: .notAssessed, explanation: "no attendance recorded: not assessed", evidence: [])
        }
        let (led, total, uninvited) = (ledByInviter, attended, withoutFacilitatorInviter)
        return DerivedRating(
            rating: thresholds.rate(led, of: total, scale: scale),
            explanation: thresholds.sentence("sessions led by the facilitator who invited the mother", count: led, of: total,
                                             unit: "attendance", scale: scale)
                + (uninvited > 0 ? "; \(uninvited) attendance\(uninvited == 1 ? " was" : "s were") by mothers not invited by a facilitator" : ""),
            evidence: sessions.flatMap { session in
                (index.attendanceBySession[session.id] ?? []).filter(\.status.attended)
                    .map { EvidenceReference.attendance(dyad: $0.dyadId, session: session.id) }
            })
    }
}
