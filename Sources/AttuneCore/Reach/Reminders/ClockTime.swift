import Foundation

/// A time of day on the local clock ("10:00"), without a date or zone.
public struct ClockTime: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Reads "HH:MM" (24-hour clock).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var description: String { String(format: "%02d:%02d", hour, minute) }

    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { (lhs.hour, lhs.minute) < (rhs.hour, rhs.minute) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = ClockTime(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a time of day; use HH:MM, 00:00 to 23:59")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Local wall-clock time in a named zone (Europe/London by default), turned into instants.
/// Reminders are planned in local time, so a reminder "at 10:00 the day before" stays at 10:00
/// on both sides of a clock change.
public struct LocalClock: Sendable {
    public let timeZone: TimeZone
    private let calendar: Calendar

    public static let london = LocalClock(timeZone: TimeZone(identifier: "Europe/London")!)

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// The instant when the local clock shows `time` on `date`. In the hour skipped in spring
    /// the next valid instant is used.
    public func instant(_ date: CalendarDate, _ time: ClockTime) -> Date {
        var components = DateComponents()
        components.year = date.year
        components.month = date.month
        components.day = date.day
        components.hour = time.hour
        components.minute = time.minute
        return calendar.date(from: components)!
    }

    /// The local calendar date of an instant.
    public func date(of instant: Date) -> CalendarDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// "Tuesday 3 March at 10:00", as a reminder says it.
    public func spoken(_ date: CalendarDate, _ time: ClockTime) -> String {
        let instant = instant(date, time)
        let weekday = calendar.component(.weekday, from: instant) // 1 = Sunday
        let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        return "\(weekdays[weekday - 1]) \(date.day) \(months[date.month - 1]) at \(time)"
    }

    /// "2026-03-24 10:00 GMT" for lists and logs.
    public func stamp(_ instant: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        // Foundation on Linux says "GMT+1" for British Summer Time; people say BST.
        let abbreviation = timeZone.identifier == "Europe/London"
            ? (timeZone.isDaylightSavingTime(for: instant) ? "BST" : "GMT")
            : timeZone.abbreviation(for: instant) ?? timeZone.identifier
        return String(format: "%04d-%02d-%02d %02d:%02d ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!) + abbreviation
    }
}
