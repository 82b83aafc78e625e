/// Checks a new measurement against the calendar and the dyad's other measurements. A stage
/// may be measured more than once (a repeat screen): each measure keeps its own date, and the
/// latest of a stage is the one change is measured with (`DyadMeasures.changes`, `Outcomes`).
public enum MeasurementValidator {
    /// - Parameters:
    ///   - existing: the dyad's measurements already stored.
    ///   - today: injected, so the rule never depends on the machine's clock in tests.
    ///   - bornOn: the baby's date of birth, when known: nothing is measured before it.
    public static func check(_ new: RecordedMeasure, existing: [RecordedMeasure], today: CalendarDate,
                             bornOn: CalendarDate? = nil) throws(MeasureInputError) {
        let name = new.instrument.name
        guard new.date <= today else {
            throw MeasureInputError(name, field: "date", "\(new.date) is in the future (today is \(today))")
        }
        if let bornOn, new.date < bornOn {
            throw MeasureInputError(name, field: "date", "\(new.date) is before the baby's birth (\(bornOn))")
        }
        // Not Foundation's trimming: at national scale it was most of a bulk load's validation.
        guard !EvidenceValidator.isBlank(new.administeredBy) else {
            throw MeasureInputError(name, field: "administered_by", "name who administered the measure")
        }
        let same = existing.filter { $0.instrument == new.instrument }
        let order = Timepoint.allCases
        for other in same where other.timepoint != new.timepoint {
            let newIsLater = order.firstIndex(of: new.timepoint)! > order.firstIndex(of: other.timepoint)!
            if newIsLater && new.date < other.date {
                throw MeasureInputError(name, field: "date", "the \(new.timepoint.rawValue) measure (\(new.date)) is dated before the \(other.timepoint.rawValue) measure (\(other.date))")
            }
            if !newIsLater && new.date > other.date {
                throw MeasureInputError(name, field: "date", "the \(new.timepoint.rawValue) measure (\(new.date)) is dated after the \(other.timepoint.rawValue) measure (\(other.date))")
            }
        }
    }
}
