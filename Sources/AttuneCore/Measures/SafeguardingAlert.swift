import Foundation

/// A safeguarding alert raised when a measure is saved. It stays open until someone closes it
/// with a note of the action taken; opening and closing record who and when. Later changes to
/// thresholds never touch an alert already raised.
public struct SafeguardingAlert: Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// EPDS item 10 above 0: same-day follow-up whatever the total.
        case selfHarm = "self_harm"
        /// EPDS total at or above the probable cut-off: assess.
        case assess
    }

    public var id: String
    public var dyadId: String
    public var measurementId: String
    public var kind: Kind
    public var reason: String
    /// The day by which someone must act: the day of the measure for self-harm.
    public var dueBy: CalendarDate
    public var raisedAt: Date
    public var raisedBy: String
    public var closedAt: Date?
    public var closedBy: String?
    public var actionTaken: String?

    public var isOpen: Bool { closedAt == nil }

    public init(id: String, dyadId: String, measurementId: String, kind: Kind, reason: String, dueBy: CalendarDate,
                raisedAt: Date, raisedBy: String, closedAt: Date? = nil, closedBy: String? = nil, actionTaken: String? = nil) {
        self.id = id
        self.dyadId = dyadId
        self.measurementId = measurementId
        self.kind = kind
        self.reason = reason
        self.dueBy = dueBy
        self.raisedAt = raisedAt
        self.raisedBy = raisedBy
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.actionTaken = actionTaken
    }

    /// The alerts a newly saved measure raises (none for most measures).
    public static func raised(by measurement: RecordedMeasure, result: MeasureResult, at now: Date,
                              by user: String, makeID: () -> String) -> [SafeguardingAlert] {
        guard case .epds(let score) = result else { return [] }
        var alerts: [SafeguardingAlert] = []
        func alert(_ kind: Kind, _ reason: String, dueBy: CalendarDate) {
            alerts.append(SafeguardingAlert(id: makeID(), dyadId: measurement.dyadId, measurementId: measurement.id, kind: kind,
                                            reason: reason, dueBy: dueBy, raisedAt: now, raisedBy: user))
        }
        if score.selfHarm {
            alert(.selfHarm, "EPDS item 10 (thoughts of self-harm) scored \(score.itemScores[EPDS.selfHarmItem - 1]) on \(measurement.date): same-day follow-up",
                  dueBy: measurement.date)
        }
        if score.band == .probableDepression {
            alert(.assess, "EPDS total \(score.total) on \(measurement.date), at or above the probable cut-off of \(score.cutoffs.probableFrom): assess",
                  dueBy: measurement.date.adding(days: 7))
        }
        return alerts
    }

    /// Closes the alert with the action taken. Refused when already closed or without a note.
    public func closed(action: String, by user: String, at now: Date) throws(MeasureInputError) -> SafeguardingAlert {
        guard isOpen else {
            throw MeasureInputError("Alert", field: "status", "alert \(id) was already closed by \(closedBy ?? "someone")")
        }
        let note = action.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count >= 10 else {
            throw MeasureInputError("Alert", field: "action_taken", "write the action taken (at least 10 characters) to close the alert")
        }
        if let problem = FreeText.problem(note) { throw MeasureInputError("Alert", field: "action_taken", problem) }
        guard !user.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw MeasureInputError("Alert", field: "closed_by", "name who closed the alert")
        }
        var copy = self
        copy.closedAt = now
        copy.closedBy = user
        copy.actionTaken = note
        return copy
    }
}

extension CalendarDate {
    /// Today in a time zone (Europe/London by default: where the centres are).
    public static func today(at now: Date, timeZone: TimeZone = TimeZone(identifier: "Europe/London")!) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
