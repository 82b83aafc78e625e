import Foundation

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

    /// The same bytes as `JSONOutput.render(self)`, encoded by the same JSONEncoder a part at a
    /// time: each top-level value, and each programme, outcome and funnel on its own. A national
    /// report's JSON is about 100 MB, and JSONEncoder holds a tree of every value it encodes
    /// until it has written them all: in one go that was 400 MB more than the report's own values.
    public func encoded() -> String {
        let encoder = MatrixJSONDocument.encoder
        /// `value` as the encoder writes it, each line after the first indented by `depth`
        /// levels (two spaces each), as it stands inside the document; the blank line the encoder
        /// writes inside an empty container stays blank. A string cannot hold a line break (the
        /// encoder escapes it), so every line break is the layout's.
        func part<T: Encodable>(_ value: T, depth: Int) -> String {
            // Encoding plain strings, numbers and enums cannot fail.
            let text = String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
            let indent = String(repeating: "  ", count: depth)
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : indent + $0.element }
                .joined(separator: "\n")
        }
        /// A list as the encoder writes it, an item at a time; an empty one as it writes that.
        func list<T: Encodable>(_ items: [T]) -> String {
            guard !items.isEmpty else { return part(items, depth: 1) }
            return "[\n    " + items.map { part($0, depth: 2) }.joined(separator: ",\n    ") + "\n  ]"
        }
        // Keys in the encoder's sorted order, in its snake case.
        let fields: [(String, String)] = [
            ("inverse_care", part(inverseCare, depth: 1)),
            ("inverse_care_explanation", part(inverseCareExplanation, depth: 1)),
            ("mechanisms_and_change", part(mechanismsAndChange, depth: 1)),
            ("need_levels", part(needLevels, depth: 1)),
            ("need_provision_correlation", part(needProvisionCorrelation, depth: 1)),
            ("outcomes", list(outcomes)),
            ("programmes", list(programmes)),
            ("reach", list(reach)),
            ("reconstructed", part(reconstructed, depth: 1)),
            ("rubric", part(rubric, depth: 1)),
            ("title", part(title, depth: 1)),
            ("training_mix", part(trainingMix, depth: 1)),
        ]
        return "{\n" + fields.map { "  \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }
}
