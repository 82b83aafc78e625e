/// A run of infant massage sessions at one centre.
public struct Programme: Codable, Equatable, Sendable {
    public var id: String
    public var centreId: String
    public var name: String
    /// Usually 4-6 weekly sessions.
    public var plannedSessions: Int
    public var sessionMinutes: Int?
    public var startDate: CalendarDate?
    public var endDate: CalendarDate?
    /// How many dyads can hold a place at once; nil means no limit is set.
    public var placeLimit: Int?
    /// Where and when it meets, for reminders ("Oak Room, Riverside Centre"; "10:00").
    public var venue: String?
    public var startTime: ClockTime?
    /// When reminders go out; the standard schedule when nil.
    public var reminders: ReminderSchedule?

    public init(id: String, centreId: String, name: String, plannedSessions: Int,
                sessionMinutes: Int? = nil, startDate: CalendarDate? = nil, endDate: CalendarDate? = nil,
                placeLimit: Int? = nil, venue: String? = nil, startTime: ClockTime? = nil, reminders: ReminderSchedule? = nil) {
        self.id = id
        self.centreId = centreId
        self.name = name
        self.plannedSessions = plannedSessions
        self.sessionMinutes = sessionMinutes
        self.startDate = startDate
        self.endDate = endDate
        self.placeLimit = placeLimit
        self.venue = venue
        self.startTime = startTime
        self.reminders = reminders
    }

    public var reminderSchedule: ReminderSchedule { reminders ?? .standard }
    /// Sessions start at 10:00 local time when the programme does not say.
    public var sessionStartTime: ClockTime { startTime ?? ClockTime(hour: 10, minute: 0)! }
}
