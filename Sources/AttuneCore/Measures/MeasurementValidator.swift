/// Checks a new measurement against the calendar and the dyad's other measurements.
public enum MeasurementValidator {
    /// - Parameters:
    ///   - existing: the dyad's measurements already stored.
    ///   - today: injected, so the rule never depends on the machine's clock in tests.
    public static func check(_ new: RecordedMeasure, existing: [RecordedMeasure], today: CalendarDate) throws(MeasureInputError) {
        let name = new.instrument.name
        guard new.date <= today else {
            throw MeasureInputError(name, field: "date", "\(new.date) is in the future (today is \(today))")
        }
        // Not Foundation's trimming: at national scale it was most of a bulk load's validation.
        guard !EvidenceValidator.isBlank(new.administeredBy) else {
            throw MeasureInputError(name, field: "administered_by", "name who administered the measure")
        }
        let same = existing.filter { $0.instrument == new.instrument }
        if let duplicate = same.first(where: { $0.timepoint == new.timepoint }) {
            throw MeasureInputError(name, field: "timepoint", "dyad \(new.dyadId) already has a \(new.timepoint.rawValue) \(name) (\(duplicate.date))")
        }
        let order = Timepoint.allCases
        for other in same {
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
