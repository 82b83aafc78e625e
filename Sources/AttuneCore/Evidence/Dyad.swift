/// A mother and her baby, known by a pseudonymous code. Names are optional and never needed
/// for any rule.
public struct Dyad: Codable, Equatable, Sendable {
    public var id: String
    public var motherName: String?
    public var motherAgeYears: Int?
    public var infantName: String?
    public var infantDateOfBirth: CalendarDate?
    public var socialRiskFactors: [SocialRiskFactor]
    public var consentToRecords: Bool
    public var consentDate: CalendarDate?
    /// Contact details for reminders. Personal data: never shown to evaluators.
    public var phone: String?
    public var email: String?
    /// How she would like to be reminded; nil means a printed list at the centre.
    public var preferredChannel: ReminderChannel?
    /// Consent to be contacted (reminders by text, email or phone), and the day she gave or
    /// refused it; nil: not recorded, read as given when she chose a channel.
    public var consentToContact: Bool?
    public var contactConsentDate: CalendarDate?
    /// Consent to her records being used for research (pseudonymised exports).
    public var consentToResearch: Bool?
    public var researchConsentDate: CalendarDate?
    /// Who recorded each of her consents: to records, to contact, to research.
    public var consentRecordedBy: String?
    public var contactConsentRecordedBy: String?
    public var researchConsentRecordedBy: String?
    /// Channels she has asked not to be reminded by; a preference among them falls back to the
    /// printed list at the centre.
    public var optedOutChannels: [ReminderChannel]
    public var postalAddress: String?
    /// How she came to the centre's notice.
    public var referral: Referral?

    public init(id: String, motherName: String? = nil, motherAgeYears: Int? = nil, infantName: String? = nil,
                infantDateOfBirth: CalendarDate? = nil, socialRiskFactors: [SocialRiskFactor] = [],
                consentToRecords: Bool, consentDate: CalendarDate? = nil,
                phone: String? = nil, email: String? = nil, preferredChannel: ReminderChannel? = nil,
                consentToContact: Bool? = nil, contactConsentDate: CalendarDate? = nil, consentToResearch: Bool? = nil,
                researchConsentDate: CalendarDate? = nil, consentRecordedBy: String? = nil, postalAddress: String? = nil,
                referral: Referral? = nil, contactConsentRecordedBy: String? = nil, researchConsentRecordedBy: String? = nil,
                optedOutChannels: [ReminderChannel] = []) {
        self.id = id
        self.motherName = motherName
        self.motherAgeYears = motherAgeYears
        self.infantName = infantName
        self.infantDateOfBirth = infantDateOfBirth
        self.socialRiskFactors = socialRiskFactors
        self.consentToRecords = consentToRecords
        self.consentDate = consentDate
        self.phone = phone
        self.email = email
        self.preferredChannel = preferredChannel
        self.consentToContact = consentToContact
        self.contactConsentDate = contactConsentDate
        self.consentToResearch = consentToResearch
        self.researchConsentDate = researchConsentDate
        self.consentRecordedBy = consentRecordedBy
        self.postalAddress = postalAddress
        self.referral = referral
        self.contactConsentRecordedBy = contactConsentRecordedBy
        self.researchConsentRecordedBy = researchConsentRecordedBy
        self.optedOutChannels = optedOutChannels
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        motherName = try container.decodeIfPresent(String.self, forKey: .motherName)
        motherAgeYears = try container.decodeIfPresent(Int.self, forKey: .motherAgeYears)
        infantName = try container.decodeIfPresent(String.self, forKey: .infantName)
        infantDateOfBirth = try container.decodeIfPresent(CalendarDate.self, forKey: .infantDateOfBirth)
        socialRiskFactors = try container.decodeIfPresent([SocialRiskFactor].self, forKey: .socialRiskFactors) ?? []
        consentToRecords = try container.decode(Bool.self, forKey: .consentToRecords)
        consentDate = try container.decodeIfPresent(CalendarDate.self, forKey: .consentDate)
        phone = try container.decodeIfPresent(String.self, forKey: .phone)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        preferredChannel = try container.decodeIfPresent(ReminderChannel.self, forKey: .preferredChannel)
        consentToContact = try container.decodeIfPresent(Bool.self, forKey: .consentToContact)
        contactConsentDate = try container.decodeIfPresent(CalendarDate.self, forKey: .contactConsentDate)
        consentToResearch = try container.decodeIfPresent(Bool.self, forKey: .consentToResearch)
        researchConsentDate = try container.decodeIfPresent(CalendarDate.self, forKey: .researchConsentDate)
        consentRecordedBy = try container.decodeIfPresent(String.self, forKey: .consentRecordedBy)
        postalAddress = try container.decodeIfPresent(String.self, forKey: .postalAddress)
        referral = try container.decodeIfPresent(Referral.self, forKey: .referral)
        contactConsentRecordedBy = try container.decodeIfPresent(String.self, forKey: .contactConsentRecordedBy)
        researchConsentRecordedBy = try container.decodeIfPresent(String.self, forKey: .researchConsentRecordedBy)
        optedOutChannels = try container.decodeIfPresent([ReminderChannel].self, forKey: .optedOutChannels) ?? []
    }

    /// The channel reminders use: her preference, else a printed list; a printed list when she
    /// said no to being contacted, or asked not to be reminded by the channel she preferred.
    public var reminderChannel: ReminderChannel {
        guard consentToContact != false, let preferred = preferredChannel, !optedOutChannels.contains(preferred) else { return .printedList }
        return preferred
    }
}

/// How a mother came to the centre's notice.
public enum Referral: String, Codable, CaseIterable, Sendable {
    case healthVisitor = "health_visitor"
    case midwife
    case gp
    case socialCare = "social_care"
    case selfReferral = "self_referral"
    case other
}

public enum SocialRiskFactor: String, Codable, CaseIterable, Sendable {
    case teenageMother = "teenage_mother"
    case singleParent = "single_parent"
    case lowIncome = "low_income"
    case unemployedHousehold = "unemployed_household"
    case socialHousing = "social_housing"
    case mentalHealthHistory = "mental_health_history"
    case substanceMisuse = "substance_misuse"
    case domesticAbuse = "domestic_abuse"
    case socialIsolation = "social_isolation"
    case noQualifications = "no_qualifications"
    case other
}
