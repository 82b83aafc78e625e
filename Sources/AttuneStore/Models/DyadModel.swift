import FluentKit
import Foundation

/// A mother and baby, known by a pseudonymous code.
public final class DyadModel: Model, @unchecked Sendable {
    public static let schema = "dyads"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @OptionalField(key: "mother_name") public var motherName: String?
    @OptionalField(key: "mother_age_years") public var motherAgeYears: Int?
    @OptionalField(key: "infant_name") public var infantName: String?
    @OptionalField(key: "infant_date_of_birth") public var infantDateOfBirth: String?
    @Field(key: "social_risk_factors") public var socialRiskFactors: [String]
    @Field(key: "consent_to_records") public var consentToRecords: Bool
    @OptionalField(key: "consent_date") public var consentDate: String?
    @OptionalField(key: "phone") public var phone: String?
    @OptionalField(key: "email") public var email: String?
    @OptionalField(key: "preferred_channel") public var preferredChannel: String?

    public init() {}
}
