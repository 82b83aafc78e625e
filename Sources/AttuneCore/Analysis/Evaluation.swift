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
        profiles = AssessmentEngine(rubric: rubric).profiles(index)
        reach = document.programmes.map { ReachFunnel(programmeId: $0.id, index: index) } + [ReachFunnel(programmeId: nil, index: index)]

        let measuresByDyad = Dictionary(grouping: document.measurements, by: \.dyadId)
        let dyadMeasures = document.dyads.map { DyadMeasures(dyad: $0, measurements: measuresByDyad[$0.id] ?? [], settings: settings) }
        needs = Dictionary(uniqueKeysWithValues: dyadMeasures.map { ($0.dyadId, $0.need) })

        // A dyad's programme: the first it was invited to, in the document's order.
        var programmeOf: [String: String] = [:]
        for programme in document.programmes {
            for invitation in index.invitationsByProgramme[programme.id] ?? [] where programmeOf[invitation.dyadId] == nil {
                programmeOf[invitation.dyadId] = programme.id
            }
        }
        outcomes = Outcomes.summarise(dyadMeasures, programmeOf: programmeOf, programmes: document.programmes.map(\.id))
        needVersusProvision = NeedVersusProvision(profiles: profiles, index: index, need: needs.mapValues(\.level))
        mechanismsAndChange = MechanismsAndChange(profiles: profiles, outcomes: outcomes)
        trainingMix = TrainingMix(index: index)
    }
}
