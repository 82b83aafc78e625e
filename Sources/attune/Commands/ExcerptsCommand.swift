import ArgumentParser
import AttuneCore

struct ExcerptsCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    static let configuration = CommandConfiguration(
        commandName: "excerpts",
        abstract: "What people said beside each rating: supporting and contradicting excerpts per programme and mechanism, divergent ones flagged; or the code co-occurrence matrix.",
        discussion: """
            A mechanism is divergent when what people said points away from its rating, by the rubric's divergence \
            rule (rated yes with at least three excerpts contradicting it and none supporting, by default). \
            --cooccurrence prints how often two mechanisms are coded on the same excerpt; as JSON, \
            {"mechanisms": [...], "counts": [[...]]}. Counts only: never an excerpt's text.
            """)

    @OptionGroup var source: EvidenceSourceOptions

    @Flag(help: "Print the code co-occurrence matrix instead of the triangulation.")
    var cooccurrence = false

    @Option(help: "text, json or csv.")
    var format: Format = .text

    func run() async throws {
        let (document, rubric) = try await source.read(logger: "attune.excerpts")
        if cooccurrence {
            let matrix = CodeCooccurrence(document.excerpts)
            switch format {
            case .text: print(ExcerptFormats.cooccurrenceText(matrix), terminator: "")
            case .json: print(ExcerptFormats.cooccurrenceJSON(matrix), terminator: "")
            case .csv: print(ExcerptFormats.cooccurrenceCSV(matrix), terminator: "")
            }
            return
        }
        let coded = Set(document.excerpts.map(\.programmeId))
        let index = EvidenceIndex(document)
        let engine = AssessmentEngine(rubric: rubric)
        let profiles = document.programmes.filter { coded.contains($0.id) }.map { engine.profile(of: $0, in: index) }
        let triangulation = Triangulation(profiles: profiles, excerpts: document.excerpts, rule: rubric.divergence)
        switch format {
        case .text: print(ExcerptFormats.triangulationText(triangulation), terminator: "")
        case .json: print(ExcerptFormats.triangulationJSON(triangulation), terminator: "")
        case .csv: print(ExcerptFormats.triangulationCSV(triangulation), terminator: "")
        }
    }
}
