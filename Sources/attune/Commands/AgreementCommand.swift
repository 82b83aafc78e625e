import ArgumentParser
import AttuneCore

struct AgreementCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Do two observers agree? Percentage agreement and Cohen's kappa for each session check, weighted kappa for the derived ratings, Fleiss' kappa for three or more observers.",
        discussion: """
            Compares each held session's log with the second observers' records of it (second_observations in the \
            evidence document, or recorded on the session's page). A check whose kappa is below the rubric's \
            agreement_kappa_below (0.6 by default) is marked LOW. A statistic that cannot be computed says why.
            """)

    @OptionGroup var source: EvidenceSourceOptions

    @Option(help: "text or json.")
    var format: Format = .text

    func run() async throws {
        let (document, rubric) = try await source.read(logger: "attune.agreement")
        let agreement = ObserverAgreement(document, rubric: rubric)
        print(format == .json ? AgreementFormats.json(agreement) : AgreementFormats.text(agreement), terminator: "")
    }
}
