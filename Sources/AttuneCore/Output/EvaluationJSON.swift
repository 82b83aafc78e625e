/// `attune report --format json`: every figure the HTML report shows.
public struct EvaluationJSONDocument: Encodable, Sendable {
    public struct Programme: Encodable, Sendable {
        public let id: String
        public let name: String
        public let centre: String?
        public let deprivationDecile: Int?
        public let mechanismTotal: Int
        public let notAssessed: Int
        public let ratings: [String: Rating]
        public let highNeedShare: Computed<Double>
        public let highNeedShareAttending: Computed<Double>
        public let enrolled: Int
        public let attending: Int
    }

    public let title: String
    public let reconstructed: Bool
    public let rubric: [String: String]
    public let programmes: [Programme]
    public let needProvisionCorrelation: Computed<Correlation>
    public let inverseCare: [String]
    public let inverseCareExplanation: String
    public let needLevels: [String: Int]
    public let outcomes: [OutcomeSummary]
    public let mechanismsAndChange: MechanismsAndChange
    public let trainingMix: TrainingMix
    public let reach: [ReachFunnel]

    public init(_ evaluation: Evaluation) {
        title = evaluation.title
        reconstructed = evaluation.reconstructed
        rubric = ["name": evaluation.rubric.name, "version": evaluation.rubric.version]
        let rows = Dictionary(uniqueKeysWithValues: evaluation.needVersusProvision.rows.map { ($0.programmeId, $0) })
        programmes = evaluation.profiles.map { profile in
            let row = rows[profile.programme.id]!
            return Programme(
                id: profile.programme.id, name: profile.programme.name, centre: profile.centre?.name,
                deprivationDecile: profile.centre?.deprivationDecile, mechanismTotal: profile.total, notAssessed: profile.notAssessed,
                ratings: Dictionary(uniqueKeysWithValues: profile.assessments.map { ($0.mechanism.id.description, $0.rating) }),
                highNeedShare: row.highNeedShareEnrolled, highNeedShareAttending: row.highNeedShareAttending,
                enrolled: row.enrolled, attending: row.attending)
        }
        needProvisionCorrelation = evaluation.needVersusProvision.correlation
        inverseCare = evaluation.needVersusProvision.inverseCare
        inverseCareExplanation = evaluation.needVersusProvision.explanation
        needLevels = Dictionary(grouping: evaluation.needs.values, by: \.level.rawValue).mapValues(\.count)
        outcomes = evaluation.outcomes
        mechanismsAndChange = evaluation.mechanismsAndChange
        trainingMix = evaluation.trainingMix
        reach = evaluation.reach
    }

    public func encoded() -> String { JSONOutput.render(self) }
}
