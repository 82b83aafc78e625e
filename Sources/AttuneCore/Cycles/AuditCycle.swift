import Foundation

/// A closed audit cycle ("Autumn term 2026"): every programme's profile frozen as it stood,
/// with the rubric it was derived under and the reasons, and the need-versus-provision
/// correlation of the time. Later cycles are compared with it (`Trend`).
public struct AuditCycle: Codable, Equatable, Sendable {
    public let name: String
    public let closedAt: Date
    public let closedBy: String
    public let rubricVersion: String
    /// Spearman's rho of each programme's share of high-need mothers against its mechanism total.
    public let correlation: Double?
    public let profiles: [FrozenProfile]

    public init(name: String, closedAt: Date, closedBy: String, rubricVersion: String, correlation: Double?, profiles: [FrozenProfile]) {
        self.name = name
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.rubricVersion = rubricVersion
        self.correlation = correlation
        self.profiles = profiles
    }

    /// The cycle `name`, frozen from an evaluation of every programme.
    public init(name: String, closedAt: Date, closedBy: String, evaluation: Evaluation) {
        self.init(name: name, closedAt: closedAt, closedBy: closedBy, rubricVersion: evaluation.rubric.version,
                  correlation: evaluation.needVersusProvision.correlation.value?.coefficient,
                  profiles: evaluation.profiles.map { FrozenProfile($0, rubric: evaluation.rubric) })
    }

    /// The range a cycle's name may take.
    public static let nameLength = 1...100

    /// Why `name` cannot name a new cycle, given those already closed; nil when it can.
    public static func problem(naming name: String, existing: [String]) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if !nameLength.contains(trimmed.count) { return "give the cycle a name of \(nameLength.lowerBound)-\(nameLength.upperBound) characters, e.g. Autumn term 2026" }
        if existing.contains(where: { $0.caseInsensitiveCompare(trimmed) == .orderedSame }) { return "a cycle called \(trimmed) is already closed; choose another name" }
        return nil
    }
}

/// One programme's profile as a cycle froze it: the rating that counted for each mechanism
/// (an override applied) and why.
public struct FrozenProfile: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public let mechanism: MechanismID
        public let rating: Rating
        public let explanation: String

        public init(mechanism: MechanismID, rating: Rating, explanation: String) {
            self.mechanism = mechanism
            self.rating = rating
            self.explanation = explanation
        }
    }

    public let programmeId: String
    public let name: String
    public let centreId: String
    public let heldSessions: Int
    /// Too few sessions held to be ranked (`Rubric.isProvisional`): left out of the trend's totals.
    public let provisional: Bool
    /// M1-M14 rated yes.
    public let total: Int
    public let ratings: [Entry]

    public init(programmeId: String, name: String, centreId: String, heldSessions: Int, provisional: Bool, total: Int, ratings: [Entry]) {
        self.programmeId = programmeId
        self.name = name
        self.centreId = centreId
        self.heldSessions = heldSessions
        self.provisional = provisional
        self.total = total
        self.ratings = ratings
    }

    public init(_ profile: ProgrammeProfile, rubric: Rubric) {
        self.init(programmeId: profile.programme.id, name: profile.programme.name, centreId: profile.programme.centreId,
                  heldSessions: profile.heldSessions, provisional: rubric.isProvisional(heldSessions: profile.heldSessions),
                  total: profile.total,
                  ratings: profile.assessments.map { Entry(mechanism: $0.mechanism.id, rating: $0.rating, explanation: $0.explanation) })
    }

    public func entry(_ mechanism: MechanismID) -> Entry? { ratings.first { $0.mechanism == mechanism } }
}
