import FluentKit
import Foundation

public final class InvitationModel: Model, @unchecked Sendable {
    public static let schema = "invitations"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Parent(key: "dyad_id") public var dyad: DyadModel
    @Parent(key: "programme_id") public var programme: ProgrammeModel
    @OptionalParent(key: "invited_by_facilitator_id") public var invitedByFacilitator: FacilitatorModel?
    @OptionalField(key: "invited_by_practitioner") public var invitedByPractitioner: String?
    /// An `InvitationMode` raw value.
    @Field(key: "mode") public var mode: String
    @OptionalField(key: "date") public var date: String?
    /// invited, enrolled, declined, withdrawn or completed (EnrolmentStatus).
    @Field(key: "status") public var status: String
    @OptionalField(key: "consent_date") public var consentDate: String?
    @OptionalField(key: "closed_date") public var closedDate: String?
    @OptionalField(key: "closed_reason") public var closedReason: String?

    public init() {}
}
