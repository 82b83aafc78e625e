/// A record the engine used to reach a rating.
public enum EvidenceReference: Hashable, Sendable, CustomStringConvertible {
    case session(String)
    case invitation(String)
    case attendance(dyad: String, session: String)

    public var description: String {
        switch self {
        case .session(let id): "session \(id)"
        case .invitation(let id): "invitation \(id)"
        case .attendance(let dyad, let session): "attendance \(dyad)@\(session)"
        }
    }
}

/// A rating derived from evidence, with the numbers that decided it. The explanation and the
/// evidence list are built when first read, not when the rating is derived: an analysis of
/// thousands of programmes needs the ratings only.
public struct DerivedRating: Sendable {
    public let rating: Rating
    private let explain: @Sendable () -> String
    private let collectEvidence: @Sendable () -> [String]

    public init(rating: Rating, explanation: @autoclosure @escaping @Sendable () -> String,
                evidence: @autoclosure @escaping @Sendable () -> [EvidenceReference]) {
        self.rating = rating
        explain = explanation
        collectEvidence = { evidence().map(\.description) }
    }

    /// A rating whose records are already in words: as stored (`StoredProfile`), or another
    /// rating's with more said.
    public init(rating: Rating, explanation: @autoclosure @escaping @Sendable () -> String,
                evidenceDescribed: @autoclosure @escaping @Sendable () -> [String]) {
        self.rating = rating
        explain = explanation
        collectEvidence = evidenceDescribed
    }

    /// "infant cues taught in 2 of 6 sessions (33%): no; yes needs at least 80%".
    public var explanation: String { explain() }
    /// The records used, as people read them: "session A1-S1", "attendance A1-D1@A1-S1".
    public var evidence: [String] { collectEvidence() }

    /// The same rating with the mothers its records name renamed by `rename` (an evaluator's
    /// pseudonyms): "attendance A1-D1@A1-S1" becomes "attendance p-7f3a@A1-S1".
    public func renamingDyads(_ rename: @escaping @Sendable (String) -> String) -> DerivedRating {
        let collect = collectEvidence
        return DerivedRating(rating: rating, explanation: self.explain(), evidenceDescribed: collect().map { reference in
            guard reference.hasPrefix("attendance "), let at = reference.firstIndex(of: "@") else { return reference }
            let dyad = String(reference[reference.index(reference.startIndex, offsetBy: "attendance ".count)..<at])
            return "attendance " + rename(dyad) + reference[at...]
        })
    }
}

/// One mechanism for one programme: the derived rating, and an observer's override if any.
public struct MechanismAssessment: Sendable {
    public let mechanism: Mechanism
    public let derived: DerivedRating
    public let override: MechanismOverride?

    /// The rating that counts: the override when there is one, else the derived rating.
    public var rating: Rating { override?.rating ?? derived.rating }
    public var isOverridden: Bool { override != nil }

    /// The derived explanation, followed by the override and its rationale when there is one.
    public var explanation: String {
        guard let override else { return derived.explanation }
        return "\(derived.explanation). Overridden to \(override.rating.word) by \(override.observer): \(override.rationale)"
    }
}

/// A programme's mechanism profile.
public struct ProgrammeProfile: Sendable {
    public let programme: Programme
    public let centre: Centre?
    public let assessments: [MechanismAssessment]
    /// Sessions held (neither planned nor cancelled), against `programme.plannedSessions`.
    public let heldSessions: Int

    public init(programme: Programme, centre: Centre?, assessments: [MechanismAssessment], heldSessions: Int) {
        self.programme = programme
        self.centre = centre
        self.assessments = assessments
        self.heldSessions = heldSessions
    }

    /// The same profile with the mothers its records name renamed (`DerivedRating.renamingDyads`).
    public func renamingDyads(_ rename: @escaping @Sendable (String) -> String) -> ProgrammeProfile {
        ProgrammeProfile(programme: programme, centre: centre, assessments: assessments.map {
            MechanismAssessment(mechanism: $0.mechanism, derived: $0.derived.renamingDyads(rename), override: $0.override)
        }, heldSessions: heldSessions)
    }

    /// The sessions of a programme that count as held: neither planned nor cancelled.
    public static func heldSessions(_ sessions: [Session]) -> Int { sessions.filter(\.isHeld).count }

    /// "based on 3 of 5 planned sessions held", as every page that shows a profile says it.
    public var basis: String { "based on \(heldSessions) of \(programme.plannedSessions) planned sessions held" }

    /// The paper's total: the number of yes over M1-M14.
    public var total: Int { count(of: .yes) }

    /// How many of M1-M14 have no evidence yet.
    public var notAssessed: Int { count(of: .notAssessed) }

    /// Counted in place, not filtered into a new array: the analyses read totals of every
    /// programme of a national dataset.
    private func count(of rating: Rating) -> Int {
        var count = 0
        for position in assessments.indices
        where assessments[position].mechanism.scale.countsTowardsPaperTotal && assessments[position].rating == rating {
            count += 1
        }
        return count
    }

    public func assessment(_ id: MechanismID) -> MechanismAssessment? {
        assessments.first { $0.mechanism.id == id }
    }
}
