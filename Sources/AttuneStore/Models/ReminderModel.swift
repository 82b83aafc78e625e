import FluentKit
import Foundation

/// One reminder in the outbox. Its life: pending -> sending -> sent | listed | failed |
/// unconfirmed, or pending -> skipped. `claim_token` makes the move to "sending" a
/// compare-and-set, so two runners never both send it.
public final class ReminderModel: Model, @unchecked Sendable {
    public static let schema = "reminders"

    @ID(key: .id) public var id: UUID?
    @Field(key: "key") public var key: String
    @Parent(key: "programme_id") public var programme: ProgrammeModel
    @Parent(key: "session_id") public var session: SessionModel
    @Parent(key: "dyad_id") public var dyad: DyadModel
    @Field(key: "days_before") public var daysBefore: Int
    @Field(key: "channel") public var channel: String
    @Field(key: "address") public var address: String
    @Field(key: "message") public var message: String
    @Field(key: "due_at") public var dueAt: Double
    @Field(key: "session_starts_at") public var sessionStartsAt: Double
    @Field(key: "status") public var status: String
    @Field(key: "attempts") public var attempts: Int
    @OptionalField(key: "next_attempt_at") public var nextAttemptAt: Double?
    @OptionalField(key: "claim_token") public var claimToken: String?
    @OptionalField(key: "claimed_at") public var claimedAt: Double?
    @OptionalField(key: "finished_at") public var finishedAt: Double?
    @OptionalField(key: "provider_reference") public var providerReference: String?
    @OptionalField(key: "note") public var note: String?

    public init() {}
}

public final class FollowUpActionModel: Model, @unchecked Sendable {
    public static let schema = "follow_up_actions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "dyad_id") public var dyad: DyadModel
    @Parent(key: "programme_id") public var programme: ProgrammeModel
    @Field(key: "action") public var action: String
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Double

    public init() {}
}
