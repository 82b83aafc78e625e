/// The study's concurrent triangulation: each programme's rating of a mechanism read beside what
/// people said about it (`Excerpt`). Where what was said points away from the rating, by the
/// rubric's `DivergenceRule`, the mechanism is divergent: to be looked at again.
public struct Triangulation: Sendable {
    public struct Cell: Sendable {
        public let programmeId: String
        public let mechanism: Mechanism
        /// The rating that counts (an override applied), and the derived explanation.
        public let rating: Rating
        public let explanation: String
        public let supporting: [Excerpt]
        public let contradicting: [Excerpt]
        public let isDivergent: Bool
    }

    /// Every programme and mechanism with at least one excerpt coded to it, by programme, then
    /// in catalogue order.
    public let cells: [Cell]
    public let rule: DivergenceRule

    public var divergent: [Cell] { cells.filter(\.isDivergent) }

    public init(profiles: [ProgrammeProfile], excerpts: [Excerpt], rule: DivergenceRule) {
        self.rule = rule
        let byProgramme = Dictionary(grouping: excerpts, by: \.programmeId)
        cells = profiles.flatMap { profile -> [Cell] in
            let said = byProgramme[profile.programme.id] ?? []
            guard !said.isEmpty else { return [] }
            return profile.assessments.compactMap { assessment in
                let id = assessment.mechanism.id
                let supporting = said.filter { $0.stance(on: id) == .supports }
                let contradicting = said.filter { $0.stance(on: id) == .contradicts }
                guard !supporting.isEmpty || !contradicting.isEmpty else { return nil }
                return Cell(programmeId: profile.programme.id, mechanism: assessment.mechanism, rating: assessment.rating,
                            explanation: assessment.explanation, supporting: supporting, contradicting: contradicting,
                            isDivergent: rule.isDivergent(assessment.rating, supporting: supporting.count, contradicting: contradicting.count))
            }
        }
    }
}

/// How often two mechanisms are coded on the same excerpt: a symmetric matrix over the
/// mechanisms coded at least once, in catalogue order. The diagonal counts the excerpts coded
/// to each mechanism.
public struct CodeCooccurrence: Sendable, Equatable {
    public let mechanisms: [MechanismID]
    public let counts: [[Int]]

    public init(_ excerpts: [Excerpt]) {
        let coded = Set(excerpts.flatMap { $0.codes.map(\.mechanism) })
        mechanisms = MechanismCatalogue.all.map(\.id).filter { coded.contains($0) }
        let position = Dictionary(uniqueKeysWithValues: mechanisms.enumerated().map { ($1, $0) })
        var counts = Array(repeating: Array(repeating: 0, count: mechanisms.count), count: mechanisms.count)
        for excerpt in excerpts {
            let here = Set(excerpt.codes.map(\.mechanism)).compactMap { position[$0] }
            for i in here { for j in here { counts[i][j] += 1 } }
        }
        self.counts = counts
    }

    /// The pair coded together most often (off the diagonal), if any pair is.
    public var strongestPair: (MechanismID, MechanismID, Int)? {
        var best: (MechanismID, MechanismID, Int)?
        for i in mechanisms.indices { for j in mechanisms.indices where j > i && counts[i][j] > (best?.2 ?? 0) {
            best = (mechanisms[i], mechanisms[j], counts[i][j])
        } }
        return best
    }
}
