/// M4: the setting meets physical needs. Per session, the share of recorded setting checks
/// that were met; a session "mostly meets" needs when that share reaches the threshold, so one
/// missing component (say, clear directions) does not fail it, as in the paper.
enum SettingRule {
    /// The five components of one session; warmth comes from the room temperature when the
    /// check itself was not recorded.
    static func checks(_ session: Session, warmFromCelsius: Double) -> [(name: String, met: Bool?)] {
        let setting = session.setting
        let warm = setting.warmEnough ?? session.roomTemperatureCelsius.map { $0 >= warmFromCelsius }
        return [
            ("easy to find", setting.easyToFind),
            ("greeted at the door", setting.greetedAtDoor),
            ("buggies accommodated", setting.buggiesAccommodated),
            ("room not crowded", setting.roomNotCrowded),
            ("warm enough", warm),
        ]
    }

    static func assess(_ sessions: [Session], componentsAtLeast: Double, warmFromCelsius: Double,
                       scale: RatingScale, thresholds: ShareThresholds) -> DerivedRating {
        let result = SessionShareRule.assess(
            "setting mostly met (at least \(Percent.of(componentsAtLeast)) of its checks)",
            sessions: sessions, scale: scale, thresholds: thresholds
        ) { session in
            // The components of `checks`, counted in place rather than listed: this runs for
            // every session.
            let setting = session.setting
            let warm = setting.warmEnough ?? session.roomTemperatureCelsius.map { $0 >= warmFromCelsius }
            var recorded = 0, met = 0
            func count(_ check: Bool?) {
                guard let check else { return }
                recorded += 1
                if check { met += 1 }
            }
            count(setting.easyToFind)
            count(setting.greetedAtDoor)
            count(setting.buggiesAccommodated)
            count(setting.roomNotCrowded)
            count(warm)
            guard recorded > 0 else { return nil }
            return Double(met) / Double(recorded) + 1e-9 >= componentsAtLeast
        }
        guard result.rating != .notAssessed else { return result }
        return DerivedRating(rating: result.rating, explanation: {
            // Name the components most often missing, so a manager knows what to fix.
            var missed: [String: Int] = [:]
            for session in sessions {
                for check in checks(session, warmFromCelsius: warmFromCelsius) where check.met == false {
                    missed[check.name, default: 0] += 1
                }
            }
            let detail = missed.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
                .map { "\($0.key) in \($0.value)" }.joined(separator: ", ")
            return result.explanation + (missed.isEmpty ? "" : "; not met: " + detail)
        }(), evidence: result.evidence)
    }
}
