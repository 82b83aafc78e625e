import FluentKit
import Foundation

/// A programme of infant massage sessions run by one centre.
public final class ProgrammeModel: Model, @unchecked Sendable {
    public static let schema = "programmes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "centre_id") public var centre: CentreModel
    /// A short code unique across the database, e.g. "A1" in the study.
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @Field(key: "planned_sessions") public var plannedSessions: Int
    @OptionalField(key: "session_minutes") public var sessionMinutes: Int?
    /// YYYY-MM-DD.
    @OptionalField(key: "start_date") public var startDate: String?
    @OptionalField(key: "end_date") public var endDate: String?
    /// True for reconstructed records (the study dataset), which every page marks as such.
    @Field(key: "reconstructed") public var reconstructed: Bool
    /// The total a publication printed for this programme (the study's Table 1), if any.
    @OptionalField(key: "published_total") public var publishedTotal: Int?
    @Children(for: \.$programme) public var publishedRatings: [PublishedRatingModel]
    @OptionalField(key: "place_limit") public var placeLimit: Int?
    @OptionalField(key: "venue") public var venue: String?
    /// HH:MM, local time.
    @OptionalField(key: "start_time") public var startTime: String?
    /// The programme's own reminder schedule as JSON; the standard one when nil.
    @OptionalField(key: "reminder_schedule") public var reminderSchedule: String?
    @Field(key: "enrolment_version") public var enrolmentVersion: Int

    public init() {}

    public init(id: UUID? = nil, centreID: UUID, code: String, name: String, plannedSessions: Int,
                sessionMinutes: Int? = nil, startDate: String? = nil, endDate: String? = nil,
                reconstructed: Bool = false, publishedTotal: Int? = nil) {
        self.id = id
        self.$centre.id = centreID
        self.code = code
        self.name = name
        self.plannedSessions = plannedSessions
        self.sessionMinutes = sessionMinutes
        self.startDate = startDate
        self.endDate = endDate
        self.reconstructed = reconstructed
        self.publishedTotal = publishedTotal
        self.enrolmentVersion = 0
    }
}
