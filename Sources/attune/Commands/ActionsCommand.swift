import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

/// `attune actions`: the suggestions waiting for a decision and the action plan, each adopted
/// action with whether its mechanisms' ratings moved by the latest audit cycle.
struct ActionsCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "Suggested actions for each gap (a mechanism rated no or variable, a missed opportunity, inverse care, a divergent mechanism, low observer agreement), and the action plan with what moved.",
        discussion: "Suggestions come from the actions table (Resources/actions.json, or --actions FILE of the same shape). Managers adopt, edit or decline them on the Evaluation's Action plan page.")

    @Option(help: ArgumentHelp("A site's actions table (JSON) instead of the standard one.", valueName: "file")) var actions: String?
    @Option(help: "Only these centres' programmes (codes).") var centres: [String] = []
    @Option(help: "text or json.") var format: Format = .text
    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let rules = try ActionRules.load(path: actions)
        let scope: Set<String>? = centres.isEmpty ? nil : Set(centres)
        let (suggestions, plans, cycles) = try await StoreSession.with(try databaseOptions.location(), mustExist: true,
                                                                       logger: Logger(label: "attune.actions")) { db in
            let rubric = try await ProfileStore.rubricInUse(on: db) ?? Rubric.standard()
            return (try await ActionStore.openSuggestions(centres: scope, rules: rules, rubric: rubric, on: db),
                    try await ActionStore.plans(centres: scope, on: db), try await CycleStore.cycles(centres: scope, on: db))
        }
        print(format == .json ? ActionFormats.json(suggestions: suggestions, plans: plans, cycles: cycles)
                              : ActionFormats.text(suggestions: suggestions, plans: plans, cycles: cycles), terminator: "")
    }
}
