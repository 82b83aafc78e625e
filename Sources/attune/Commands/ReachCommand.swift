import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

/// Shared by `reach` and `missed`: where the evidence comes from and how to print it.
struct ReachSourceOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Flag(help: "Use the reconstructed study dataset instead of the database.")
    var study = false

    @Option(help: "text or json.")
    var format: Format = .text

    @Option(help: ArgumentHelp("The share of held sessions a dyad must attend to complete (0.05-1).", valueName: "share"))
    var completionShare: Double = ReachAnalysis.defaultCompletionShare

    @OptionGroup var databaseOptions: DatabaseOptions

    func validate() throws {
        guard (0.05...1).contains(completionShare) else {
            throw ValidationError("--completion-share: \(completionShare) is outside 0.05-1 (0.75 means 75% of the sessions held).")
        }
    }

    func report() async throws -> ReachReport {
        if study { return ReachReport(document: try StudyEvidence.load(), completionShare: completionShare) }
        let share = completionShare
        return try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.reach")) { db in
            try await ReachStore.report(completionShare: share, on: db)
        }
    }
}

struct ReachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Who each programme and centre reached: invited, consented, came, completed, by level of need and invitation mode.")

    @OptionGroup var source: ReachSourceOptions

    func run() async throws {
        let report = try await source.report()
        print(source.format == .json ? try ReachFormats.json(report) : ReachFormats.text(report), terminator: "")
    }
}

struct MissedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "missed",
        abstract: "Missed opportunities: mothers of high need who were invited or said yes and never came or dropped out.",
        subcommands: [ListMissedCommand.self, FollowUpCommand.self],
        defaultSubcommand: ListMissedCommand.self)
}

struct ListMissedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Each missed opportunity with her invitation, reminders, absence reasons and follow-ups.")

    @OptionGroup var source: ReachSourceOptions

    func run() async throws {
        let report = try await source.report()
        if source.format == .json {
            print(try ReachFormats.json(report), terminator: "")
        } else {
            if report.reconstructed { print("RECONSTRUCTED DATA (not observed)") }
            print(ReachFormats.missedText(report).joined(separator: "\n"))
        }
    }
}

struct FollowUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow-up",
        abstract: "Record what was done about a missed opportunity.")

    @Option(help: "The dyad's code.") var dyad: String
    @Option(help: "The programme's code.") var programme: String
    @Option(help: "What was done, in a few words (\"rang her; offered a lift\").") var action: String
    @Option(name: .customLong("by"), help: "Who did it.") var recordedBy: String
    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let (dyad, programme, action, by) = (self.dyad, self.programme, self.action, recordedBy)
        let saved = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.missed")) { db in
            try await ReachStore.recordFollowUp(dyad: dyad, programme: programme, action: action, by: by, now: Date(), on: db)
        }
        print("Recorded for \(saved.dyadId) in \(saved.programmeId) by \(saved.recordedBy): \(saved.action)")
    }
}
