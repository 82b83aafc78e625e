/// An enrolment, attendance or reminder request that cannot be carried out as asked: names the
/// record and field and says what is allowed. Nothing is stored.
public struct ReachInputError: InputError, Equatable {
    public let record: String
    public let field: String
    public let message: String

    public init(_ record: String, field: String, _ message: String) {
        self.record = record
        self.field = field
        self.message = message
    }

    public var description: String { "\(record), \(field): \(message)" }
}
