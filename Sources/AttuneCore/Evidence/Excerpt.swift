/// What someone said or an observer noted about a programme, coded to the mechanisms it bears
/// on: the qualitative half of the study's triangulation (issue 27, part 1). Its text and memo
/// are free text: never shown to evaluators, and exported only once a coder has marked the
/// excerpt de-identified.
public struct Excerpt: Codable, Equatable, Sendable {
    public var id: String
    public var programmeId: String
    public var source: ExcerptSource
    public var speakerRole: SpeakerRole
    public var date: CalendarDate?
    public var text: String
    /// At least one mechanism, each once.
    public var codes: [ExcerptCode]
    /// The coder's own note on the excerpt.
    public var memo: String?
    /// A coder has checked that the text names and identifies nobody.
    public var deidentified: Bool

    public init(id: String, programmeId: String, source: ExcerptSource, speakerRole: SpeakerRole, date: CalendarDate? = nil,
                text: String, codes: [ExcerptCode], memo: String? = nil, deidentified: Bool = false) {
        self.id = id
        self.programmeId = programmeId
        self.source = source
        self.speakerRole = speakerRole
        self.date = date
        self.text = text
        self.codes = codes
        self.memo = memo
        self.deidentified = deidentified
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        programmeId = try container.decode(String.self, forKey: .programmeId)
        source = try container.decode(ExcerptSource.self, forKey: .source)
        speakerRole = try container.decode(SpeakerRole.self, forKey: .speakerRole)
        date = try container.decodeIfPresent(CalendarDate.self, forKey: .date)
        text = try container.decode(String.self, forKey: .text)
        codes = try container.decodeIfPresent([ExcerptCode].self, forKey: .codes) ?? []
        memo = try container.decodeIfPresent(String.self, forKey: .memo)
        deidentified = try container.decodeIfPresent(Bool.self, forKey: .deidentified) ?? false
    }

    /// How the excerpt bears on `mechanism`, if it is coded to it.
    public func stance(on mechanism: MechanismID) -> ExcerptStance? {
        codes.first { $0.mechanism == mechanism }?.stance
    }
}

/// One mechanism an excerpt is coded to, and whether it bears the mechanism out.
public struct ExcerptCode: Codable, Equatable, Hashable, Sendable {
    public var mechanism: MechanismID
    public var stance: ExcerptStance

    public init(mechanism: MechanismID, stance: ExcerptStance) {
        self.mechanism = mechanism
        self.stance = stance
    }
}

public enum ExcerptStance: String, Codable, CaseIterable, Sendable {
    /// What was said shows the mechanism was delivered.
    case supports
    /// What was said shows it was not.
    case contradicts

    public var label: String { self == .supports ? "Supports" : "Contradicts" }
}

public enum ExcerptSource: String, Codable, CaseIterable, Sendable {
    case interview, observation
    case focusGroup = "focus_group"

    public var label: String {
        switch self {
        case .interview: "Interview"
        case .observation: "Observation"
        case .focusGroup: "Focus group"
        }
    }
}

public enum SpeakerRole: String, Codable, CaseIterable, Sendable {
    case mother, facilitator, observer, manager

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}
