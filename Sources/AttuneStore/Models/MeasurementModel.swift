import FluentKit
import Foundation

/// A standardised measure as entered. The values are kept as entered (JSON) and scored on
/// every read with the site's current settings.
public final class MeasurementModel: Model, @unchecked Sendable {
    public static let schema = "measurements"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Parent(key: "dyad_id") public var dyad: DyadModel
    /// An `Instrument` raw value.
    @Field(key: "instrument") public var instrument: String
    /// A `Timepoint` raw value.
    @Field(key: "timepoint") public var timepoint: String
    @Field(key: "date") public var date: String
    @Field(key: "administered_by") public var administeredBy: String
    /// The values entered, as JSON (`MeasureValues`).
    @Field(key: "values") public var values: String

    public init() {}
}

/// A safeguarding alert; closed only with the action taken.
public final class SafeguardingAlertModel: Model, @unchecked Sendable {
    public static let schema = "safeguarding_alerts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "code") public var code: String
    @Parent(key: "dyad_id") public var dyad: DyadModel
    @Parent(key: "measurement_id") public var measurement: MeasurementModel
    @Field(key: "kind") public var kind: String
    @Field(key: "reason") public var reason: String
    @Field(key: "due_by") public var dueBy: String
    @Field(key: "raised_at") public var raisedAt: Date
    @Field(key: "raised_by") public var raisedBy: String
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @OptionalField(key: "closed_by") public var closedBy: String?
    @OptionalField(key: "action_taken") public var actionTaken: String?

    public init() {}
}
