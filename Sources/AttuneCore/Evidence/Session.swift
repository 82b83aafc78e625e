/// One session of a programme, as an observer or facilitator logged it. Every check is
/// optional: nil means "not recorded", which makes a mechanism "not assessed", never "no".
public struct Session: Codable, Equatable, Sendable {
    public var id: String
    public var programmeId: String
    /// 1 for the first session; never beyond the programme's planned number of sessions.
    public var number: Int
    public var date: CalendarDate?
    public var facilitatorsPresent: [String]
    public var leadFacilitatorId: String?
    public var roomTemperatureCelsius: Double?
    public var setting: SettingChecks
    public var content: ContentChecks
    public var observer: ObserverRatings
    /// Mothers and babies present who are not recorded as dyads (for example, no consent to
    /// records). They count towards the group size.
    public var unregisteredDyadsPresent: Int
    public var notes: String?
    /// A cancelled session sends no reminders and takes no attendance.
    public var cancelled: Bool
    /// Why it was cancelled, in plain words.
    public var cancelledReason: String?
    /// true for a session on the calendar that has not been held yet (nil: held). Reminders are
    /// sent for it; it takes no attendance and counts towards no rating until its log is saved.
    /// Optional so that the many documents of held sessions need not say so.
    public var planned: Bool?

    /// Not planned (nor cancelled): the session took place, and its record counts.
    public var isHeld: Bool { !cancelled && planned != true }

    public init(id: String, programmeId: String, number: Int, date: CalendarDate? = nil,
                facilitatorsPresent: [String], leadFacilitatorId: String?,
                roomTemperatureCelsius: Double? = nil, setting: SettingChecks = .init(),
                content: ContentChecks = .init(), observer: ObserverRatings = .init(),
                unregisteredDyadsPresent: Int = 0, notes: String? = nil, cancelled: Bool = false, cancelledReason: String? = nil,
                planned: Bool? = nil) {
        self.id = id
        self.programmeId = programmeId
        self.number = number
        self.date = date
        self.facilitatorsPresent = facilitatorsPresent
        self.leadFacilitatorId = leadFacilitatorId
        self.roomTemperatureCelsius = roomTemperatureCelsius
        self.setting = setting
        self.content = content
        self.observer = observer
        self.unregisteredDyadsPresent = unregisteredDyadsPresent
        self.notes = notes
        self.cancelled = cancelled
        self.cancelledReason = cancelledReason
        self.planned = planned
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        programmeId = try container.decode(String.self, forKey: .programmeId)
        number = try container.decode(Int.self, forKey: .number)
        date = try container.decodeIfPresent(CalendarDate.self, forKey: .date)
        facilitatorsPresent = try container.decodeIfPresent([String].self, forKey: .facilitatorsPresent) ?? []
        leadFacilitatorId = try container.decodeIfPresent(String.self, forKey: .leadFacilitatorId)
        roomTemperatureCelsius = try container.decodeIfPresent(Double.self, forKey: .roomTemperatureCelsius)
        setting = try container.decodeIfPresent(SettingChecks.self, forKey: .setting) ?? .init()
        content = try container.decodeIfPresent(ContentChecks.self, forKey: .content) ?? .init()
        observer = try container.decodeIfPresent(ObserverRatings.self, forKey: .observer) ?? .init()
        unregisteredDyadsPresent = try container.decodeIfPresent(Int.self, forKey: .unregisteredDyadsPresent) ?? 0
        notes = try container.decodeIfPresent(String.self, forKey: .notes)
        cancelled = try container.decodeIfPresent(Bool.self, forKey: .cancelled) ?? false
        cancelledReason = try container.decodeIfPresent(String.self, forKey: .cancelledReason)
        planned = try container.decodeIfPresent(Bool.self, forKey: .planned)
    }
}

/// The physical setting, checked per session (M4).
public struct SettingChecks: Codable, Equatable, Sendable {
    public var easyToFind: Bool?
    public var greetedAtDoor: Bool?
    public var buggiesAccommodated: Bool?
    public var roomNotCrowded: Bool?
    /// Recorded directly, or left nil and judged from the room temperature by the rubric.
    public var warmEnough: Bool?

    public init(easyToFind: Bool? = nil, greetedAtDoor: Bool? = nil, buggiesAccommodated: Bool? = nil,
                roomNotCrowded: Bool? = nil, warmEnough: Bool? = nil) {
        self.easyToFind = easyToFind
        self.greetedAtDoor = greetedAtDoor
        self.buggiesAccommodated = buggiesAccommodated
        self.roomNotCrowded = roomNotCrowded
        self.warmEnough = warmEnough
    }
}

/// What the session taught and offered.
public struct ContentChecks: Codable, Equatable, Sendable {
    public var strokesTaught: Bool?
    public var strokesTaughtCompetently: Bool?
    public var infantStatesTaught: Bool?
    public var infantCuesTaught: Bool?
    public var babyPermissionAsked: Bool?
    public var dollModelling: Bool?
    public var singing: Bool?
    public var socialTime: Bool?
    public var socialMinutes: Int?
    public var reflectivePrompts: Bool?

    public init(strokesTaught: Bool? = nil, strokesTaughtCompetently: Bool? = nil, infantStatesTaught: Bool? = nil,
                infantCuesTaught: Bool? = nil, babyPermissionAsked: Bool? = nil, dollModelling: Bool? = nil,
                singing: Bool? = nil, socialTime: Bool? = nil, socialMinutes: Int? = nil, reflectivePrompts: Bool? = nil) {
        self.strokesTaught = strokesTaught
        self.strokesTaughtCompetently = strokesTaughtCompetently
        self.infantStatesTaught = infantStatesTaught
        self.infantCuesTaught = infantCuesTaught
        self.babyPermissionAsked = babyPermissionAsked
        self.dollModelling = dollModelling
        self.singing = singing
        self.socialTime = socialTime
        self.socialMinutes = socialMinutes
        self.reflectivePrompts = reflectivePrompts
    }
}

/// An observer's judgements of the session: met (true) or not met (false).
public struct ObserverRatings: Codable, Equatable, Sendable {
    public var containingAtmosphere: Bool?
    public var technicalSkill: Bool?
    public var personalQualities: Bool?

    public init(containingAtmosphere: Bool? = nil, technicalSkill: Bool? = nil, personalQualities: Bool? = nil) {
        self.containingAtmosphere = containingAtmosphere
        self.technicalSkill = technicalSkill
        self.personalQualities = personalQualities
    }
}
