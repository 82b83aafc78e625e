/// Rates a mechanism by the share of sessions in which something was recorded as met.
/// Sessions where it was not recorded are left out; none recorded at all is "not assessed".
enum SessionShareRule {
    static func assess(
        _ what: String, sessions: [Session], scale: RatingScale, thresholds: ShareThresholds,
        value: @escaping @Sendable (Session) -> Bool?
    ) -> DerivedRating {
        guard !sessions.isEmpty else {
            return DerivedRating(rating: .notAssessed, explanation: "no sessions recorded: not assessed", evidence: [])
        }
        // Counted in place: at national scale this runs for every session of every programme.
        var recordedCount = 0, metCount = 0
        for session in sessions {
            guard let isMet = value(session) else { continue }
            recordedCount += 1
            if isMet { metCount += 1 }
        }
        let (total, met) = (recordedCount, metCount)
        guard total > 0 else {
            return DerivedRating(
                rating: .notAssessed,
                explanation: "\(what): not recorded in any of the \(sessions.count) sessions: not assessed",
                evidence: [])
        }
        let unrecorded = sessions.count - total
        return DerivedRating(
            rating: thresholds.rate(met, of: total, scale: scale),
            explanation: thresholds.sentence(what, count: met, of: total, unit: "session", scale: scale)
                + (unrecorded > 0 ? " (not recorded in \(unrecorded) session\(unrecorded == 1 ? "" : "s"))" : ""),
            evidence: sessions.filter { value($0) != nil }.map { .session($0.id) })
    }
}
