/// How a mother came to be offered a place on a programme (M1, M2).
public struct Invitation: Codable, Equatable, Sendable {
    public var id: String
    public var dyadId: String
    public var programmeId: String
    /// The facilitator who invited her, when a facilitator did.
    public var invitedByFacilitatorId: String?
    /// Another named practitioner who invited her (e.g. "Health visitor J. Patel").
    public var invitedByPractitioner: String?
    public var mode: InvitationMode
    public var date: CalendarDate?
    /// Where the invitation stands: awaiting an answer, a place reserved, declined, withdrawn
    /// or completed. Reminders go only to enrolled dyads.
    public var status: EnrolmentStatus
    /// The day she said yes and a place was reserved for her.
    public var consentDate: CalendarDate?
    /// The day she declined or withdrew, and her reason in plain words.
    public var closedDate: CalendarDate?
    public var closedReason: String?

    public init(id: String, dyadId: String, programmeId: String, invitedByFacilitatorId: String? = nil,
                invitedByPractitioner: String? = nil, mode: InvitationMode, date: CalendarDate? = nil,
                status: EnrolmentStatus = .invited, consentDate: CalendarDate? = nil,
                closedDate: CalendarDate? = nil, closedReason: String? = nil) {
        self.id = id
        self.dyadId = dyadId
        self.programmeId = programmeId
        self.invitedByFacilitatorId = invitedByFacilitatorId
        self.invitedByPractitioner = invitedByPractitioner
        self.mode = mode
        self.date = date
        self.status = status
        self.consentDate = consentDate
        self.closedDate = closedDate
        self.closedReason = closedReason
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        dyadId = try container.decode(String.self, forKey: .dyadId)
        programmeId = try container.decode(String.self, forKey: .programmeId)
        invitedByFacilitatorId = try container.decodeIfPresent(String.self, forKey: .invitedByFacilitatorId)
        invitedByPractitioner = try container.decodeIfPresent(String.self, forKey: .invitedByPractitioner)
        mode = try container.decode(InvitationMode.self, forKey: .mode)
        date = try container.decodeIfPresent(CalendarDate.self, forKey: .date)
        status = try container.decodeIfPresent(EnrolmentStatus.self, forKey: .status) ?? .invited
        consentDate = try container.decodeIfPresent(CalendarDate.self, forKey: .consentDate)
        closedDate = try container.decodeIfPresent(CalendarDate.self, forKey: .closedDate)
        closedReason = try container.decodeIfPresent(String.self, forKey: .closedReason)
    }

    /// She said yes at some point (and may since have withdrawn or completed).
    public var consented: Bool { status.consented }

    /// A personal invitation comes from a named practitioner, in person or by phone or text.
    public var isPersonal: Bool {
        mode.isPersonal && (invitedByFacilitatorId != nil || invitedByPractitioner != nil)
    }
}

public enum InvitationMode: String, Codable, CaseIterable, Sendable {
    case inPerson = "in_person"
    case phoneOrText = "phone_or_text"
    case leafletOrPoster = "leaflet_or_poster"
    case letter
    case selfReferral = "self_referral"
    case professionalReferral = "professional_referral"

    public var isPersonal: Bool { self == .inPerson || self == .phoneOrText }

    /// The mode in words ("leaflet or poster").
    public var words: String {
        switch self {
        case .inPerson: "in person"
        case .phoneOrText: "phone or text"
        case .leafletOrPoster: "leaflet or poster"
        case .letter: "letter"
        case .selfReferral: "self referral"
        case .professionalReferral: "professional referral"
        }
    }
}

/// The life of one invitation. `enrolled` holds a place; `withdrawn` and `completed` were
/// enrolled once; `declined` never was; `waiting` said yes when every place was taken, and
/// waits on the programme's waiting list for one to be freed.
public enum EnrolmentStatus: String, Codable, CaseIterable, Sendable {
    case invited, enrolled, declined, withdrawn, completed, waiting

    public var consented: Bool { self == .enrolled || self == .withdrawn || self == .completed }
    /// Statuses that take one of the programme's places.
    public var holdsPlace: Bool { self == .enrolled }
}
