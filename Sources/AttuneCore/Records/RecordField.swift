/// One field of a kind of record, defined once: its name (as the evidence document, the form and
/// the database column spell it), what a person reads beside it, what values it takes, whether
/// it must be given, and who may see it. The evidence JSON Schema, the fields a document may
/// carry, the session log's checklist, the sessions table's check columns and the evaluator's
/// view all follow from these definitions (`EvidenceRecords`).
public struct RecordField<Record>: Sendable {
    public let name: String
    /// What a person reads beside the field on a form.
    public let label: String
    /// What the schema says of it; nil to say nothing.
    public let description: String?
    public let kind: FieldKind
    public let required: Bool
    /// May JSON null stand for "not given"? Usually so for a field that is not required.
    public let nullable: Bool
    public let privacy: Privacy
    /// The Swift value behind the field, for what is done with every field of a kind
    /// (withholding free text, the session log's yes/no checks, ranges checked on import).
    public let access: FieldAccess<Record>?
    /// Said after the range when a value is outside it: a unit (" °C"), or what the ends mean.
    public let rangeNote: String
    /// How a form shows each of a `.choice` field's values, where the word itself will not do
    /// ("iaim" is "IAIM"); others are shown as the word, "_" read as a space.
    public let choiceLabels: [String: String]

    public init(_ name: String, _ kind: FieldKind, label: String? = nil, description: String? = nil, required: Bool = false,
                nullable: Bool? = nil, privacy: Privacy = .open, access: FieldAccess<Record>? = nil, rangeNote: String = "",
                choiceLabels: [String: String] = [:]) {
        self.name = name
        self.label = label ?? description ?? name
        self.description = description
        self.kind = kind
        self.required = required
        self.nullable = nullable ?? !required
        self.privacy = privacy
        self.access = access
        self.rangeNote = rangeNote
        self.choiceLabels = choiceLabels
    }

    /// A yes/no check of a session (or any record): not recorded (nil), yes or no.
    public static func yesNo(_ name: String, _ keyPath: WritableKeyPath<Record, Bool?> & Sendable, label: String,
                             description: String) -> RecordField {
        RecordField(name, .yesNo, label: label, description: description, access: .yesNo(keyPath))
    }

    /// Text a person types in their own words: limited to `FreeText.maximumCharacters`, and
    /// withheld from evaluators.
    public static func freeText(_ name: String, _ keyPath: WritableKeyPath<Record, String?> & Sendable, label: String,
                                description: String? = nil) -> RecordField {
        RecordField(name, .text(minimumLength: nil, maximumLength: FreeText.maximumCharacters), label: label,
                    description: description, privacy: .freeText, access: .text(keyPath))
    }
}

/// The values a field takes. Each becomes a piece of the JSON Schema (`EvidenceSchema`).
public enum FieldKind: Sendable, Equatable {
    /// The sender's id of the record, unique within its kind.
    case id
    /// The id of a record of another kind ("programme").
    case reference(String)
    /// A list of ids of another kind, of at least `minimum`.
    case references(String, minimum: Int)
    case text(minimumLength: Int?, maximumLength: Int?)
    case yesNo
    case wholeNumber(minimum: Int?, maximum: Int?)
    case decimal(minimum: Double, maximum: Double)
    /// YYYY-MM-DD.
    case date
    /// HH:MM, 24-hour.
    case clockTime
    /// One of these words.
    case choice([String])
    /// Any number of these words.
    case choices([String])
    case textList
    /// Fields kept together in an object of their own (a session's setting checks).
    case group
    /// A value with a shape of its own, written out as JSON Schema (a measure's item scores).
    case structured(schema: String)
}

/// Who may see a field. Evaluators see a document with every field that is not `.open` withheld
/// (`EvidenceDocument.pseudonymised`).
public enum Privacy: Sendable, Equatable {
    case open
    /// Identifies a mother, a baby or a practitioner (names, contacts, dates of birth, a venue,
    /// interests): removed.
    case identifying
    /// Typed in someone's own words: kept as "withheld", so that its presence still shows.
    case freeText
    /// A mother and baby's working code (or a code made from it): replaced by a pseudonym.
    case pseudonymised
}

/// How a field's value is reached on the Swift value of its record.
public enum FieldAccess<Record>: Sendable {
    case yesNo(WritableKeyPath<Record, Bool?> & Sendable)
    case text(WritableKeyPath<Record, String?> & Sendable)
    case requiredText(WritableKeyPath<Record, String> & Sendable)
    case textList(WritableKeyPath<Record, [String]> & Sendable)
    case date(WritableKeyPath<Record, CalendarDate?> & Sendable)
    case wholeNumber(KeyPath<Record, Int?> & Sendable)
    case requiredWholeNumber(KeyPath<Record, Int> & Sendable)
    case decimal(KeyPath<Record, Double?> & Sendable)
}

/// The fields of one kind of record, and the groups some of them sit in.
public struct RecordDefinition<Record>: Sendable {
    /// The document's list of them ("sessions").
    public let collection: String
    /// One of them, as the schema names its definition ("session").
    public let recordName: String
    public let description: String
    public let fields: [RecordField<Record>]
    /// The fields of each `.group` field, by the group's name.
    public let groups: [String: [RecordField<Record>]]

    public init(collection: String, recordName: String, description: String, fields: [RecordField<Record>],
                groups: [String: [RecordField<Record>]] = [:]) {
        self.collection = collection
        self.recordName = recordName
        self.description = description
        self.fields = fields
        self.groups = groups
    }

    /// Every field, those in groups with the group's name before theirs ("setting.warm_enough").
    public var allFields: [(path: String, field: RecordField<Record>)] {
        fields.flatMap { field -> [(path: String, field: RecordField<Record>)] in
            guard field.kind == .group else { return [(field.name, field)] }
            return (groups[field.name] ?? []).map { ("\(field.name).\($0.name)", $0) }
        }
    }

    /// The record with every field that is not open withheld: free text as `withheld`,
    /// identifying text, dates and lists removed, codes renamed by `pseudonym`.
    public func withholding(_ record: Record, withheld: String, pseudonym: (String) -> String) -> Record {
        var copy = record
        for (_, field) in allFields where field.privacy != .open {
            switch (field.privacy, field.access) {
            case (.freeText, .text(let path)?): if copy[keyPath: path] != nil { copy[keyPath: path] = withheld }
            case (.freeText, .requiredText(let path)?): copy[keyPath: path] = withheld
            case (.identifying, .text(let path)?): copy[keyPath: path] = nil
            case (.identifying, .date(let path)?): copy[keyPath: path] = nil
            case (.identifying, .textList(let path)?): copy[keyPath: path] = []
            case (.identifying, .requiredText(let path)?): copy[keyPath: path] = withheld
            case (.pseudonymised, .requiredText(let path)?): copy[keyPath: path] = pseudonym(copy[keyPath: path])
            default:
                // A test holds every non-open field to an access this can change
                // (`RecordDefinitionTests`), so nothing reaches here.
                preconditionFailure("\(collection).\(field.name) is marked \(field.privacy) but cannot be withheld")
            }
        }
        return copy
    }

    /// Problems with the values of `record` that its definition alone decides: a number out of
    /// its range, free text over the limit. Cross-record rules stay in `EvidenceValidator`.
    public func problems(in record: Record, report: (_ field: String, _ message: String) -> Void) {
        for (path, field) in allFields {
            switch (field.kind, field.access) {
            case (.wholeNumber(let minimum?, let maximum?), .wholeNumber(let keyPath)?):
                if let value = record[keyPath: keyPath], !(minimum...maximum).contains(value) {
                    report(path, "\(value) is outside \(minimum)-\(maximum)\(field.rangeNote)")
                }
            case (.wholeNumber(let minimum?, let maximum?), .requiredWholeNumber(let keyPath)?):
                let value = record[keyPath: keyPath]
                if !(minimum...maximum).contains(value) { report(path, "\(value) is outside \(minimum)-\(maximum)\(field.rangeNote)") }
            case (.decimal(let minimum, let maximum), .decimal(let keyPath)?):
                if let value = record[keyPath: keyPath], !(minimum...maximum).contains(value) {
                    report(path, "\(value.formatted1) is outside \(minimum.formatted1)-\(maximum.formatted1)\(field.rangeNote)")
                }
            case (.text(_, let maximum?), .text(let keyPath)?) where maximum == FreeText.maximumCharacters:
                if let text = record[keyPath: keyPath], let problem = FreeText.problem(text) { report(path, problem) }
            case (.text(_, let maximum?), .requiredText(let keyPath)?) where maximum == FreeText.maximumCharacters:
                if let problem = FreeText.problem(record[keyPath: keyPath]) { report(path, problem) }
            default:
                break
            }
        }
    }
}
