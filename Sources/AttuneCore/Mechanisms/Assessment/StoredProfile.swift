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
        /// The records used, in words ("session A1-S1").
        public let evidence: [String]

        public init(mechanism: MechanismID, rating: Rating, explanation: String, evidence: [String]) {
            self.mechanism = mechanism
            self.rating = rating
            self.explanation = explanation
            self.evidence = evidence
        }
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
                  heldSessions: ProgrammeProfile.heldSessions(sessions), plannedSessions: programme.plannedSessions,
                  need: NeedVersusProvision.hasStarted(programme.id, index: index)
                      ? NeedVersusProvision.counts(of: programme.id, index: index, level: level) : nil)
    }

    /// The profile as the engine would give it, with the programme's overrides applied.
    public func profile(programme: Programme, centre: Centre?, overrides: [MechanismID: MechanismOverride]) -> ProgrammeProfile {
        ProgrammeProfile(programme: programme, centre: centre, assessments: derivations.compactMap { derivation in
            MechanismCatalogue.mechanism(derivation.mechanism).map { mechanism in
                MechanismAssessment(mechanism: mechanism,
                                    derived: DerivedRating(rating: derivation.rating, explanation: derivation.explanation,
                                                           evidenceDescribed: derivation.evidence),
                                    override: overrides[derivation.mechanism])
            }
        }, heldSessions: heldSessions)
    }
}

extension StoredProfile {
    /// The profiles of every programme of `document`, in its order, from `stored` with the
    /// document's centres and overrides (so a pseudonymised document's overrides stay withheld);
    /// nil when a programme has no stored profile under `rubric`, and they must be derived.
    public static func profiles(of document: EvidenceDocument, stored: [String: StoredProfile], rubric: Rubric) -> [ProgrammeProfile]? {
        guard document.programmes.allSatisfy({ stored[$0.id]?.rubricVersion == rubric.version }) else { return nil }
        let centres = Dictionary(document.centres.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var overrides: [String: [MechanismID: MechanismOverride]] = [:]
        for override in document.overrides { overrides[override.programmeId, default: [:]][override.mechanism] = override }
        return document.programmes.map { programme in
            stored[programme.id]!.profile(programme: programme, centre: centres[programme.centreId], overrides: overrides[programme.id] ?? [:])
        }
    }

    /// A rating from the letter the store keeps it as (`ratingLetter`).
    public static func rating(letter: Character) -> Rating? {
        switch letter { case "Y": .yes; case "V": .variable; case "N": .no; case "-": .notAssessed; default: nil }
    }

    /// Y, V, N, or - for not assessed: one letter a mechanism, as the store keeps the ratings.
    public static func letter(of rating: Rating) -> Character {
        switch rating { case .yes: "Y"; case .variable: "V"; case .no: "N"; case .notAssessed: "-" }
    }
}
