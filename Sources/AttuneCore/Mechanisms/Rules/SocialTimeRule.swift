/// M8: provision for social engagement, i.e. time to chat of at least a few minutes.
enum SocialTimeRule {
    static func assess(_ sessions: [Session], minimumMinutes: Int, scale: RatingScale,
                       thresholds: ShareThresholds) -> DerivedRating {
        SessionShareRule.assess(
            "social time of at least \(minimumMinutes) minutes", sessions: sessions, scale: scale, thresholds: thresholds
        ) { session in
            guard let offered = session.content.socialTime else { return nil }
            // Minutes not written down: the time was offered, so it counts.
            return offered && (session.content.socialMinutes ?? minimumMinutes) >= minimumMinutes
        }
    }
}
