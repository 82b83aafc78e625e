/// When reminders go out for one programme: so many days before the first session, so many
/// days before each later one, at a local time of day. The standard schedule is the paper's
/// practice: a week before and the day before the first session, the day before each later one.
public struct ReminderSchedule: Codable, Equatable, Sendable {
    public var daysBeforeFirst: [Int]
    public var daysBeforeLater: [Int]
    /// Local time the reminders are sent ("10:00").
    public var sendAt: ClockTime

    public static let standard = ReminderSchedule(daysBeforeFirst: [7, 1], daysBeforeLater: [1], sendAt: ClockTime(hour: 10, minute: 0)!)
    /// Days before a session a reminder may be planned: up to four weeks.
    public static let allowedDays = 0...28

    public init(daysBeforeFirst: [Int], daysBeforeLater: [Int], sendAt: ClockTime) {
        self.daysBeforeFirst = daysBeforeFirst
        self.daysBeforeLater = daysBeforeLater
        self.sendAt = sendAt
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        daysBeforeFirst = try container.decodeIfPresent([Int].self, forKey: .daysBeforeFirst) ?? Self.standard.daysBeforeFirst
        daysBeforeLater = try container.decodeIfPresent([Int].self, forKey: .daysBeforeLater) ?? Self.standard.daysBeforeLater
        sendAt = try container.decodeIfPresent(ClockTime.self, forKey: .sendAt) ?? Self.standard.sendAt
    }

    /// Problems with the schedule, each naming the field and the allowed range.
    public var problems: [String] {
        var problems: [String] = []
        for (field, days) in [("days_before_first", daysBeforeFirst), ("days_before_later", daysBeforeLater)] {
            for day in days where !Self.allowedDays.contains(day) {
                problems.append("\(field): \(day) is outside \(Self.allowedDays.lowerBound)-\(Self.allowedDays.upperBound) days")
            }
            if Set(days).count != days.count { problems.append("\(field): a day is listed twice") }
        }
        return problems
    }
}
