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

    public init(id: String, motherName: String? = nil, motherAgeYears: Int? = nil, infantName: String? = nil,
                infantDateOfBirth: CalendarDate? = nil, socialRiskFactors: [SocialRiskFactor] = [],
                consentToRecords: Bool, consentDate: CalendarDate? = nil,
                phone: String? = nil, email: String? = nil, preferredChannel: ReminderChannel? = nil) {
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
    }

    /// The channel reminders use: her preference, else a printed list.
    public var reminderChannel: ReminderChannel { preferredChannel ?? .printedList }
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
