/// An observer's written judgement that replaces a derived rating. Both are kept and shown.
public struct MechanismOverride: Codable, Equatable, Sendable {
    public var programmeId: String
    public var mechanism: MechanismID
    public var rating: Rating
    public var rationale: String
    public var observer: String
    public var date: CalendarDate?

    public init(programmeId: String, mechanism: MechanismID, rating: Rating, rationale: String,
                observer: String, date: CalendarDate? = nil) {
        self.programmeId = programmeId
        self.mechanism = mechanism
        self.rating = rating
        self.rationale = rationale
        self.observer = observer
        self.date = date
    }
}
