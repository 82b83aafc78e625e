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

    public init(id: String, centreId: String, name: String, plannedSessions: Int,
                sessionMinutes: Int? = nil, startDate: CalendarDate? = nil, endDate: CalendarDate? = nil) {
        self.id = id
        self.centreId = centreId
        self.name = name
        self.plannedSessions = plannedSessions
        self.sessionMinutes = sessionMinutes
        self.startDate = startDate
        self.endDate = endDate
    }
}
