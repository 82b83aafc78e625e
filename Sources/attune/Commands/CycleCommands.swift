import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

/// `attune cycle close --name ...`: freeze every programme's profile as an audit cycle;
/// `attune cycle list`: the cycles closed so far.
struct CycleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle",
        abstract: "Close an audit cycle (every programme's profile frozen with its rubric and reasons), or list those closed.",
        subcommands: [CycleCloseCommand.self, CycleListCommand.self],
        defaultSubcommand: CycleListCommand.self)
}

struct CycleCloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Freeze every programme's profile as it stands now, under the rubric in use, as the cycle NAME.")

    @Option(help: ArgumentHelp("The cycle's name, e.g. \"Autumn term 2026\"; each name once.", valueName: "name"))
    var name: String

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let cycle = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.cycle")) { db in
            let rubric = try await ProfileStore.rubricInUse(on: db) ?? Rubric.standard()
            do {
                return try await CycleStore.close(name: name, rubric: rubric, by: ActivityLog.actor.user, now: Date(), on: db)
            } catch let error as FormProblems {
                throw ReachInputError("audit cycle", field: "--name", error.fields["name"] ?? error.description)
            }
        }
        print("Closed the audit cycle \(cycle.name): \(cycle.profiles.count) programme profiles frozen under rubric \(cycle.rubricVersion).")
    }
}

struct CycleListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The audit cycles closed so far, oldest first.")

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let cycles = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.cycle")) { db in
            try await CycleStore.cycles(on: db)
        }
        if cycles.isEmpty { print("No audit cycle is closed yet.") }
        for cycle in cycles {
            print("\(cycle.name): closed \(LocalClock.london.stamp(cycle.closedAt)) by \(cycle.closedBy), \(cycle.profiles.count) programmes, rubric \(cycle.rubricVersion)")
        }
    }
}

/// `attune trend`: the closed cycles compared.
struct TrendCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "The closed audit cycles compared: mechanism totals and the need-versus-provision correlation per cycle, and every rating that changed, with the old and new reasons.")

    @Option(help: "Only this programme (its code).") var programme: String?
    @Option(help: "Only this centre's programmes (its code).") var centre: String?
    @Option(help: "text, json or csv (csv: the changes).") var format: Format = .text
    @OptionGroup var databaseOptions: DatabaseOptions

    func validate() throws {
        guard programme == nil || centre == nil else { throw ValidationError("give either --programme or --centre, not both.") }
    }

    func run() async throws {
        let cycles = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.trend")) { db in
            try await CycleStore.cycles(centres: centre.map { [$0] }, on: db)
        }
        let trend = Trend(cycles, programme: programme, centre: centre)
        switch format {
        case .text: print(TrendFormats.text(trend), terminator: "")
        case .json: print(TrendFormats.json(trend), terminator: "")
        case .csv: print(TrendFormats.csv(trend), terminator: "")
        }
    }
}
