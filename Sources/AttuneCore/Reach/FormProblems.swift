/// Every problem found in one submitted form, by field name, so that each message can be shown
/// beside its field. Nothing of the form is stored while there is any.
public struct FormProblems: InputError, Equatable {
    public let record: String
    public let fields: [String: String]

    public init(_ record: String, _ fields: [String: String]) {
        self.record = record
        self.fields = fields
    }

    public var description: String {
        "\(record): " + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
    }
}
