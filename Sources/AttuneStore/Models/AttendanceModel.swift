import FluentKit
import Foundation

public final class AttendanceModel: Model, @unchecked Sendable {
    public static let schema = "attendance"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "dyad_id") public var dyad: DyadModel
    @Parent(key: "session_id") public var session: SessionModel
    /// An `AttendanceStatus` raw value.
    @Field(key: "status") public var status: String
    @OptionalField(key: "absence_reason") public var absenceReason: String?

    public init() {}
}
