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

    public init(id: String, dyadId: String, programmeId: String, invitedByFacilitatorId: String? = nil,
                invitedByPractitioner: String? = nil, mode: InvitationMode, date: CalendarDate? = nil) {
        self.id = id
        self.dyadId = dyadId
        self.programmeId = programmeId
        self.invitedByFacilitatorId = invitedByFacilitatorId
        self.invitedByPractitioner = invitedByPractitioner
        self.mode = mode
        self.date = date
    }

    /// A personal invitation comes from a named practitioner, in person or by phone or text.
    public var isPersonal: Bool {
        mode.isPersonal && (invitedByFacilitatorId != nil || invitedByPractitioner != nil)
    }
}

public enum InvitationMode: String, Codable, CaseIterable, Sendable {
    case inPerson = "in_person"
    case phoneOrText = "phone_or_text"
    case leafletOrPoster = "leaflet_or_poster"
    case selfReferral = "self_referral"
    case professionalReferral = "professional_referral"

    public var isPersonal: Bool { self == .inPerson || self == .phoneOrText }
}
