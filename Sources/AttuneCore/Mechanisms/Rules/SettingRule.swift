/// M4: the setting meets physical needs. Per session, the share of recorded setting checks
/// that were met; a session "mostly meets" needs when that share reaches the threshold, so one
/// missing component (say, clear directions) does not fail it, as in the paper.
enum SettingRule {
    static let componentNames = ["easy to find", "greeted at the door", "buggies accommodated", "room not crowded", "warm enough"]

    /// The five components of one session, in the order of `componentNames` (nil: not
    /// recorded); warmth comes from the room temperature when the check itself was not
    /// recorded. Inline, not an array: this runs for every session of every programme.
    static func components(_ session: Session, warmFromCelsius: Double) -> InlineArray<5, Bool?> {
        let setting = session.setting
        let warm = setting.warmEnough ?? session.roomTemperatureCelsius.map { $0 >= warmFromCelsius }
        return [setting.easyToFind, setting.greetedAtDoor, setting.buggiesAccommodated, setting.roomNotCrowded, warm]
    }

    static func assess(_ sessions: [Session], componentsAtLeast: Double, warmFromCelsius: Double,
                       scale: RatingScale, thresholds: ShareThresholds) -> DerivedRating {
        let result = SessionShareRule.assess(
            "setting mostly met (at least \(Percent.of(componentsAtLeast)) of its checks)",
            sessions: sessions, scale: scale, thresholds: thresholds
        ) { session in
            let components = components(session, warmFromCelsius: warmFromCelsius)
            var recorded = 0, met = 0
            for index in components.indices {
                guard let check = components[index] else { continue }
                recorded += 1
                if check { met += 1 }
            }
            guard recorded > 0 else { return nil }
            return Double(met) / Double(recorded) + 1e-9 >= componentsAtLeast
        }
        guard result.rating != .notAssessed else { return result }
        return DerivedRating(rating: result.rating, explanation: {
            // Name the components most often missing, so a manager knows what to fix.
            var missed = [Int](repeating: 0, count: componentNames.count)
            for session in sessions {
                let components = components(session, warmFromCelsius: warmFromCelsius)
                for index in components.indices where components[index] == false { missed[index] += 1 }
            }
            let detail = zip(componentNames, missed).filter { $0.1 > 0 }
                .sorted { ($0.1, $1.0) > ($1.1, $0.0) }
                .map { "\($0.0) in \($0.1)" }.joined(separator: ", ")
            return result.explanation + (detail.isEmpty ? "" : "; not met: " + detail)
        }(), evidenceDescribed: result.evidence)
    }
}
