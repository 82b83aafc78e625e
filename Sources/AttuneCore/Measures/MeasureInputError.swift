/// A measure that cannot be scored as entered: names the field (an item, a scale, a cut-off)
/// and what is allowed. Nothing is ever prorated or guessed.
public struct MeasureInputError: InputError, Equatable {
    public let instrument: String
    public let field: String
    public let message: String

    public init(_ instrument: String, field: String, _ message: String) {
        self.instrument = instrument
        self.field = field
        self.message = message
    }

    public var description: String { "\(instrument) \(field): \(message)" }
}

/// Reads "0,1,2,1" into integers, naming the position of anything that is not one.
func parseScores(_ values: [Int], instrument: String, count: Int, range: ClosedRange<Int>,
                 what: String = "item", incomplete: String = "") throws(MeasureInputError) -> [Int] {
    guard values.count == count else {
        throw MeasureInputError(instrument, field: "\(what)s", "needs \(count) \(what) scores, got \(values.count)\(incomplete)")
    }
    for (index, value) in values.enumerated() where !range.contains(value) {
        throw MeasureInputError(instrument, field: "\(what) \(index + 1)", "\(value) is outside \(range.lowerBound)-\(range.upperBound)")
    }
    return values
}
