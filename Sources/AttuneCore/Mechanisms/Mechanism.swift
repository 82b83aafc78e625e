/// Identifies a mechanism of change: M1 ... M15 in the paper's order.
public struct MechanismID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let number: Int

    public init(_ number: Int) { self.number = number }

    /// Reads "M7" (case-insensitive); nil for anything else.
    public init?(_ text: String) {
        guard text.count >= 2, text.first == "M" || text.first == "m",
              let number = Int(text.dropFirst()), number > 0 else { return nil }
        self.number = number
    }

    public var description: String { "M\(number)" }

    public static func < (lhs: MechanismID, rhs: MechanismID) -> Bool { lhs.number < rhs.number }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = MechanismID(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a mechanism id (expected M1 to M15)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The kind of evidence that informs a mechanism's rating.
public enum EvidenceKind: String, Codable, CaseIterable, Sendable {
    case invitations
    case invitationsAndSessionLeads = "invitations_and_session_leads"
    case sessionLeads = "session_leads"
    case settingChecks = "setting_checks"
    case observerJudgement = "observer_judgement"
    case contentChecks = "content_checks"
    case attendance

    public var description: String {
        switch self {
        case .invitations: "how each mother was invited"
        case .invitationsAndSessionLeads: "who invited each mother and who led the sessions she attended"
        case .sessionLeads: "who led each session"
        case .settingChecks: "setting checks recorded per session"
        case .observerJudgement: "an observer's judgement per session"
        case .contentChecks: "content checks recorded per session"
        case .attendance: "dyads attending per session"
        }
    }
}

/// One of the paper's mechanisms of change, with its definition in our own words.
public struct Mechanism: Identifiable, Hashable, Sendable {
    public let id: MechanismID
    public let shortName: String
    public let definition: String
    public let scale: RatingScale
    public let evidence: EvidenceKind
    /// What an observer records for this mechanism, in plain words.
    public let evidenceDetail: String

    public init(
        id: MechanismID, shortName: String, definition: String,
        scale: RatingScale, evidence: EvidenceKind, evidenceDetail: String
    ) {
        self.id = id
        self.shortName = shortName
        self.definition = definition
        self.scale = scale
        self.evidence = evidence
        self.evidenceDetail = evidenceDetail
    }
}
