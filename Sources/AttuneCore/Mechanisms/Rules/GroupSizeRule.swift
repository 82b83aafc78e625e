/// M7: optimum group size. The group is every dyad registered as present or late plus those
/// present but not registered. Sessions with no attendance taken are left out.
enum GroupSizeRule {
    static func groupSize(_ session: Session, index: EvidenceIndex) -> Int? {
        let register = index.attendanceBySession[session.id] ?? []
        guard !register.isEmpty || session.unregisteredDyadsPresent > 0 else { return nil }
        var attended = 0 // counted in place: this runs for every session
        for position in register.indices where register[position].status.attended { attended += 1 }
        return attended + session.unregisteredDyadsPresent
    }

    static func assess(_ sessions: [Session], index: EvidenceIndex, minimum: Int, maximum: Int,
                       scale: RatingScale, thresholds: ShareThresholds) -> DerivedRating {
        let result = SessionShareRule.assess(
            "\(minimum) to \(maximum) dyads attending", sessions: sessions, scale: scale, thresholds: thresholds
        ) { session in
            groupSize(session, index: index).map { (minimum...maximum).contains($0) }
        }
        guard result.rating != .notAssessed else { return result }
        return DerivedRating(
            rating: result.rating,
            explanation: result.explanation + "; group sizes "
                + sessions.compactMap { groupSize($0, index: index) }.map(String.init).joined(separator: ", "),
            evidenceDescribed: result.evidence)
    }
}
