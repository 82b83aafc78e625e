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

    public init(title: String, document: EvidenceDocument, rubric: Rubric, settings: MeasureSettings = .standard) {
        self.title = title
        reconstructed = document.reconstructed
        self.rubric = rubric
        let index = EvidenceIndex(document)
        let engine = AssessmentEngine(rubric: rubric)
        profiles = document.programmes.map { engine.profile(of: $0, in: index) }
        let consenting = ReachFunnel.consenting(document)
        reach = document.programmes.map { ReachFunnel(programmeId: $0.id, index: index, consentedDyads: consenting) }
            + [ReachFunnel(programmeId: nil, index: index, consentedDyads: consenting)]

        // One pass over the measures, keeping only each dyad's scored results: at national scale
        // copying the measures themselves would dominate the analysis.
        var scoredByDyad: [String: [ScoredMeasure]] = [:]
        var headlines: [String: Outcomes.Headlines] = [:]
        for measure in document.measurements {
            guard let result = try? measure.score(settings) else { continue }
            scoredByDyad[measure.dyadId, default: []].append(ScoredMeasure(timepoint: measure.timepoint, result: result))
            if let score = DyadMeasures.headline(result) { headlines[measure.dyadId, default: .init()].record(result.instrument, measure.timepoint, score) }
        }
        needs = Dictionary(document.dyads.map { dyad in
            (dyad.id, settings.needRules.assess(socialRiskFactors: dyad.socialRiskFactors.count, measures: scoredByDyad[dyad.id] ?? []))
        }, uniquingKeysWith: { first, _ in first })

        // A dyad's programme: the first it was invited to, in the document's order.
        var programmeOf: [String: String] = [:]
        for programme in document.programmes {
            for invitation in index.invitationsByProgramme[programme.id] ?? [] where programmeOf[invitation.dyadId] == nil {
                programmeOf[invitation.dyadId] = programme.id
            }
        }
        outcomes = Outcomes.summarise(headlines, programmeOf: programmeOf, programmes: document.programmes.map(\.id))
        needVersusProvision = NeedVersusProvision(profiles: profiles, index: index, need: needs.mapValues(\.level))
        mechanismsAndChange = MechanismsAndChange(profiles: profiles, outcomes: outcomes)
        trainingMix = TrainingMix(index: index)
    }
}
