
/// Everything the evaluation report shows, computed once from plain values: the CLI report and
/// the web pages render this view-model and compute nothing themselves.
public struct Evaluation: Sendable {
    public let title: String
    public let reconstructed: Bool
    public let rubric: Rubric
    public let profiles: [ProgrammeProfile]
    public let reach: [ReachFunnel]
    public let needs: [String: NeedAssessment]
    public let outcomes: [OutcomeSummary]
    public let needVersusProvision: NeedVersusProvision
    public let mechanismsAndChange: MechanismsAndChange
    public let trainingMix: TrainingMix
    /// Whether second observers agree with the session logs (none observed: no sessions).
    public let agreement: ObserverAgreement
    /// Each rating beside what people said, and how often mechanisms are coded together.
    public let triangulation: Triangulation
    public let cooccurrence: CodeCooccurrence

    /// - Parameter stored: the programmes' profiles as the database keeps them (`StoredProfile`,
    ///   derived under `rubric`), used instead of deriving them again when every programme of
    ///   the document has one; the document's overrides are applied to them.
    public init(title: String, document: EvidenceDocument, rubric: Rubric, settings: MeasureSettings = .standard,
                stored: [String: StoredProfile]? = nil) {
        self.title = title
        reconstructed = document.reconstructed
        self.rubric = rubric
        let indexed = Indexed(document, rubric: rubric, stored: stored)
        let measured = Measured(document, settings: settings)
        profiles = indexed.profiles
        needs = measured.needs
        outcomes = measured.outcomes
        let started = NeedVersusProvision.started(indexed.profiles, index: indexed.index)
        needVersusProvision = NeedVersusProvision(profiles: started, index: indexed.index) { measured.needLevel(of: $0) }
        mechanismsAndChange = MechanismsAndChange(profiles: indexed.profiles, outcomes: measured.outcomes)
        trainingMix = TrainingMix(index: indexed.index)
        agreement = ObserverAgreement(document, rubric: rubric)
        triangulation = Triangulation(profiles: indexed.profiles, excerpts: document.excerpts, rule: rubric.divergence)
        cooccurrence = CodeCooccurrence(document.excerpts)
        reach = ReachFunnel.funnels(ReachAnalysis(index: indexed.index, need: measured.needs.mapValues(\.level), keepingJourneys: false))
    }

    /// The mechanism profiles: as stored, or derived from the evidence index.
    private struct Indexed: Sendable {
        let index: EvidenceIndex
        let profiles: [ProgrammeProfile]

        init(_ document: EvidenceDocument, rubric: Rubric, stored: [String: StoredProfile]?) {
            index = EvidenceIndex(document)
            let index = index
            if let stored, let kept = StoredProfile.profiles(of: document, stored: stored, rubric: rubric) {
                profiles = kept
            } else {
                let engine = AssessmentEngine(rubric: rubric)
                profiles = document.programmes.map { engine.profile(of: $0, in: index) }
            }
        }
    }

    /// Each dyad's need and the outcomes per programme, from the measures.
    private struct Measured: Sendable {
        /// Every dyad of the document, then any only the measures name.
        let dyads: DyadNumbering
        let needs: [String: NeedAssessment]
        /// Indexed by dyad number; nil for dyads only the measures name.
        let needLevels: [NeedLevel?]

        /// A dyad's level of need by id; nil for one only the measures name, or none at all.
        func needLevel(of dyad: String) -> NeedLevel? {
            dyads.existing(dyad).flatMap { needLevels[$0] }
        }
        let outcomes: [OutcomeSummary]

        init(_ document: EvidenceDocument, settings: MeasureSettings) {
            // Dyads are numbered once (see `DyadNumbering`), in the document's order and then any
            // only the measures name, and per-dyad results are kept in arrays indexed by number.
            var dyads = DyadNumbering(capacity: document.dyads.count)
            var firstDyadPosition: [Int] = [] // per number, where the first dyad with that id sits
            for position in document.dyads.indices {
                let next = dyads.count // the number a new id gets
                if dyads.number(document.dyads[position].id) == next { firstDyadPosition.append(position) }
            }

            // One pass over the measures, keeping only what the need rules and the outcomes read
            // of each score: at national scale copying the measures or the whole scores would
            // dominate the analysis.
            var signalDyads: [Int] = [], signals: [NeedSignal] = []
            signalDyads.reserveCapacity(document.measurements.count)
            signals.reserveCapacity(document.measurements.count)
            var headlines = [Outcomes.Headlines](repeating: .init(), count: dyads.count)
            var lastDyadId: String?, lastDyad = 0
            for position in document.measurements.indices {
                guard let result = try? document.measurements[position].score(settings) else { continue }
                let dyadId = document.measurements[position].dyadId, timepoint = document.measurements[position].timepoint
                // A dyad's measures usually follow one another: reuse the number rather than hash
                // the same id again.
                if dyadId != lastDyadId {
                    lastDyad = dyads.number(dyadId)
                    lastDyadId = dyadId
                    if lastDyad == headlines.count { headlines.append(.init()) }
                }
                signalDyads.append(lastDyad)
                signals.append(NeedSignal(timepoint: timepoint, result: result))
                if let score = DyadMeasures.headline(result) { headlines[lastDyad].record(result.instrument, timepoint, score) }
            }
            let signalsByDyad = NumberedGroups(groups: dyads.count, numbers: signalDyads, values: signals)

            // Need for each dyad of the document; a repeated id is assessed once, from its first dyad.
            var needs: [String: NeedAssessment] = [:]
            needs.reserveCapacity(firstDyadPosition.count)
            var needLevels = [NeedLevel?](repeating: nil, count: dyads.count)
            let needRules = settings.needRules
            for (number, position) in firstDyadPosition.enumerated() {
                let need = needRules.assess(socialRiskFactors: document.dyads[position].socialRiskFactors.count,
                                                     signals: signalsByDyad[number])
                needs[document.dyads[position].id] = need
                needLevels[number] = need.level
            }
            self.needs = needs
            self.needLevels = needLevels

            // Programmes are grouped by id: a repeated id shares the group of its first position.
            let groupOfId = Dictionary(document.programmes.enumerated().map { ($0.element.id, $0.offset) },
                                       uniquingKeysWith: { first, _ in first })
            let programmeGroups = document.programmes.map { groupOfId[$0.id]! }
            // A dyad's programme: the first in the document's order it was invited to.
            var programmeOf = [Int?](repeating: nil, count: dyads.count)
            for position in document.invitations.indices {
                let invitation = document.invitations[position]
                // Dyads neither in the document nor measured have no outcomes to place.
                guard let dyad = dyads.existing(invitation.dyadId), let group = groupOfId[invitation.programmeId] else { continue }
                if programmeOf[dyad].map({ group < $0 }) ?? true { programmeOf[dyad] = group }
            }
            self.dyads = dyads
            outcomes = Outcomes.summarise(headlines, dyadIds: dyads.ids, programmeOf: programmeOf,
                                          programmes: document.programmes.map(\.id), programmeGroups: programmeGroups)
        }
    }
}
