/// A programme's derived profile as it is kept in the database (`programme_profiles`),
/// re-derived in the same transaction as any write that touches the programme, so that pages,
/// `attune audit` and the report read it rather than derive it from every raw row.
/// Observers' overrides are not part of it: they are records of their own, applied on reading
/// (`profile(programme:centre:overrides:)`), so the derived rating and the override both stay.
public struct StoredProfile: Codable, Equatable, Sendable {
    /// One mechanism as derived: the rating, the explanation with its numbers, and the records used.
    public struct Derivation: Codable, Equatable, Sendable {
        public let mechanism: MechanismID
        public let rating: Rating
        public let explanation: String
        public let evidence: [EvidenceReference]
    }

    public let programmeId: String
    public let rubricVersion: String
    /// In the catalogue's order, M1 to M15.
    public let derivations: [Derivation]
    /// Sessions logged and not cancelled, and the number the programme plans.
    public let heldSessions: Int
    public let plannedSessions: Int
    /// Who it enrolled and who came, by need; nil before its first register was taken (a
    /// programme that has not started is left out of need against provision).
    public let need: NeedCounts?

    public init(programmeId: String, rubricVersion: String, derivations: [Derivation], heldSessions: Int, plannedSessions: Int,
                need: NeedCounts?) {
        self.programmeId = programmeId
        self.rubricVersion = rubricVersion
        self.derivations = derivations
        self.heldSessions = heldSessions
        self.plannedSessions = plannedSessions
        self.need = need
    }

    /// Derives the profile of `programme` from `index` under `engine`'s rubric; `level` is each
    /// dyad's level of need by code.
    public init(deriving programme: Programme, in index: EvidenceIndex, engine: AssessmentEngine,
                level: (String) -> NeedLevel?) {
        let profile = engine.profile(of: programme, in: index)
        let sessions = index.sessionsByProgramme[programme.id] ?? []
        self.init(programmeId: programme.id, rubricVersion: engine.rubric.version,
                  derivations: profile.assessments.map {
                      Derivation(mechanism: $0.mechanism.id, rating: $0.derived.rating, explanation: $0.derived.explanation,
                                 evidence: $0.derived.evidence)
                  },
                  heldSessions: sessions.filter { !$0.cancelled }.count, plannedSessions: programme.plannedSessions,
                  need: NeedVersusProvision.hasStarted(programme.id, index: index)
                      ? NeedVersusProvision.counts(of: programme.id, index: index, level: level) : nil)
    }

    /// The profile as the engine would give it, with the programme's overrides applied.
    public func profile(programme: Programme, centre: Centre?, overrides: [MechanismID: MechanismOverride]) -> ProgrammeProfile {
        ProgrammeProfile(programme: programme, centre: centre, assessments: derivations.compactMap { derivation in
            MechanismCatalogue.mechanism(derivation.mechanism).map { mechanism in
                MechanismAssessment(mechanism: mechanism,
                                    derived: DerivedRating(rating: derivation.rating, explanation: derivation.explanation,
                                                           evidence: derivation.evidence),
                                    override: overrides[derivation.mechanism])
            }
        })
    }
}

/// A record an explanation names, kept as a short array: ["session", "A1-S1"],
/// ["attendance", "A1-D1", "A1-S1"].
extension EvidenceReference: Codable {
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let kind = try container.decode(String.self)
        switch kind {
        case "session": self = .session(try container.decode(String.self))
        case "invitation": self = .invitation(try container.decode(String.self))
        case "attendance": self = .attendance(dyad: try container.decode(String.self), session: try container.decode(String.self))
        default: throw DecodingError.dataCorruptedError(in: container, debugDescription: "no evidence of kind \(kind)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        switch self {
        case .session(let id): try container.encode("session"); try container.encode(id)
        case .invitation(let id): try container.encode("invitation"); try container.encode(id)
        case .attendance(let dyad, let session): try container.encode("attendance"); try container.encode(dyad); try container.encode(session)
        }
    }
}
