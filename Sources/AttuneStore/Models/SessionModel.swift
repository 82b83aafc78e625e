import FluentKit
import Foundation

/// One session, for the single-record paths that need its id, number or state. Its yes/no
/// checks are columns too (NULL is "not recorded"), read and written by name from
/// `EvidenceRecords.session` (`EvidenceRows.sessionColumns`), not listed here again.
public final class SessionModel: Model, @unchecked Sendable {
    public static let schema = "sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Parent(key: "programme_id") public var programme: ProgrammeModel
    @Field(key: "number") public var number: Int
    @OptionalField(key: "date") public var date: String?
    @OptionalParent(key: "lead_facilitator_id") public var leadFacilitator: FacilitatorModel?
    @OptionalField(key: "room_temperature_celsius") public var roomTemperatureCelsius: Double?
    @OptionalField(key: "social_minutes") public var socialMinutes: Int?
    @Field(key: "unregistered_dyads_present") public var unregisteredDyadsPresent: Int
    @OptionalField(key: "notes") public var notes: String?
    @Field(key: "cancelled") public var cancelled: Bool
    @Children(for: \.$session) public var facilitators: [SessionFacilitatorModel]

    public init() {}
}

/// A facilitator present at a session (the lead is also recorded on the session).
public final class SessionFacilitatorModel: Model, @unchecked Sendable {
    public static let schema = "session_facilitators"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "session_id") public var session: SessionModel
    @Parent(key: "facilitator_id") public var facilitator: FacilitatorModel
    /// Order as logged, so a document reads back as it was written.
    @Field(key: "position") public var position: Int

    public init() {}

    public init(sessionID: UUID, facilitatorID: UUID, position: Int) {
        self.$session.id = sessionID
        self.$facilitator.id = facilitatorID
        self.position = position
    }
}
