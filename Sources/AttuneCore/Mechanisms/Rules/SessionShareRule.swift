/// Rates a mechanism by the share of sessions in which something was recorded as met.
/// Sessions where it was not recorded are left out; none recorded at all is "not assessed".
enum SessionShareRule {
    static func assess(
        _ what: String, sessions: [Session], scale: RatingScale, thresholds: ShareThresholds,
        value: (Session) -> Bool?
    ) -> DerivedRating {
        guard !sessions.isEmpty else {
            return DerivedRating(rating: .notAssessed, explanation: "no sessions recorded: not assessed", evidence: [])
        }
        let recorded = sessions.compactMap { session in value(session).map { (session, $0) } }
        guard !recorded.isEmpty else {
            return DerivedRating(
                rating: .notAssessed,
                explanation: "\(what): not recorded in any of the \(sessions.count) sessions: not assessed",
                evidence: [])
        }
        let met = recorded.filter(\.1)
        var (rating, explanation) = thresholds.explain(what, count: met.count, of: recorded.count, unit: "session", scale: scale)
        let unrecorded = sessions.count - recorded.count
        if unrecorded > 0 {
            explanation += " (not recorded in \(unrecorded) session\(unrecorded == 1 ? "" : "s"))"
        }
        return DerivedRating(rating: rating, explanation: explanation,
                             evidence: recorded.map { .session($0.0.id) })
    }
}
