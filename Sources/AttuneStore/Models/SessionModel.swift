import FluentKit
import Foundation

/// One session as logged. Checks are nullable: NULL is "not recorded".
public final class SessionModel: Model, @unchecked Sendable {
    public static let schema = "sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Parent(key: "programme_id") public var programme: ProgrammeModel
    @Field(key: "number") public var number: Int
    @OptionalField(key: "date") public var date: String?
    @OptionalParent(key: "lead_facilitator_id") public var leadFacilitator: FacilitatorModel?
    @OptionalField(key: "room_temperature_celsius") public var roomTemperatureCelsius: Double?
    @OptionalField(key: "easy_to_find") public var easyToFind: Bool?
    @OptionalField(key: "greeted_at_door") public var greetedAtDoor: Bool?
    @OptionalField(key: "buggies_accommodated") public var buggiesAccommodated: Bool?
    @OptionalField(key: "room_not_crowded") public var roomNotCrowded: Bool?
    @OptionalField(key: "warm_enough") public var warmEnough: Bool?
    @OptionalField(key: "strokes_taught") public var strokesTaught: Bool?
    @OptionalField(key: "strokes_taught_competently") public var strokesTaughtCompetently: Bool?
    @OptionalField(key: "infant_states_taught") public var infantStatesTaught: Bool?
    @OptionalField(key: "infant_cues_taught") public var infantCuesTaught: Bool?
    @OptionalField(key: "baby_permission_asked") public var babyPermissionAsked: Bool?
    @OptionalField(key: "doll_modelling") public var dollModelling: Bool?
    @OptionalField(key: "singing") public var singing: Bool?
    @OptionalField(key: "social_time") public var socialTime: Bool?
    @OptionalField(key: "social_minutes") public var socialMinutes: Int?
    @OptionalField(key: "reflective_prompts") public var reflectivePrompts: Bool?
    @OptionalField(key: "containing_atmosphere") public var containingAtmosphere: Bool?
    @OptionalField(key: "technical_skill") public var technicalSkill: Bool?
    @OptionalField(key: "personal_qualities") public var personalQualities: Bool?
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
