import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

/// `attune activity`: the activity log, searched; `attune activity verify`: is it whole?
struct ActivityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity",
        abstract: "Search the activity log (who signed in, viewed, changed, exported or erased what), or verify it.",
        subcommands: [ActivityListCommand.self, ActivityVerifyCommand.self],
        defaultSubcommand: ActivityListCommand.self)
}

enum ActivityFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

struct ActivityListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The entries of the activity log, the newest first.",
        discussion: "Old and new values and reasons are printed with --format json, where they are still held (an erasure removes them).")

    @Option(help: "Only entries about this mother and baby (her code).") var dyad: String?
    @Option(help: "Only entries by this user (username).") var user: String?
    @Option(help: ArgumentHelp("Only entries from this day on (YYYY-MM-DD, London time).", valueName: "date")) var since: String?
    @Option(help: "At most this many entries.") var limit: Int = 1000
    @Option(help: "Output format: text, json or csv.") var format: ActivityFormat = .text
    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        var query = ActivityLog.Query(dyad: dyad, user: user, limit: limit)
        if let since {
            guard let day = CalendarDate(since) else { throw ReachInputError("activity", field: "--since", "'\(since)' is not a date; use YYYY-MM-DD") }
            query.since = LocalClock.london.instant(day, ClockTime(hour: 0, minute: 0)!)
        }
        guard limit > 0 else { throw ReachInputError("activity", field: "--limit", "give a number of entries from 1 up") }
        let asked = query
        let found = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.activity")) { db in
            try await ActivityLog.search(asked, on: db)
        }
        print(Self.render(found, as: format), terminator: "")
    }

    static func render(_ entries: [ActivityEntry], as format: ActivityFormat) -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            return String(decoding: (try? encoder.encode(entries)) ?? Data(), as: UTF8.self) + "\n"
        case .csv:
            var csv = CSVWriter()
            csv.addRow(["id", "at", "actor", "address", "action", "record_kind", "record_code", "dyad", "programme", "summary"])
            for entry in entries {
                csv.addRow([String(entry.id), ISO8601DateFormatter().string(from: entry.at), entry.actor, entry.address ?? "", entry.action.rawValue,
                            entry.recordKind ?? "", entry.recordCode ?? "", entry.dyad ?? "", entry.programme ?? "", entry.summary])
            }
            return csv.text
        case .text:
            if entries.isEmpty { return "No entries.\n" }
            return entries.map { entry in
                "\(LocalClock.london.stamp(entry.at))  \(entry.actor)\(entry.address.map { " (\($0))" } ?? "")  \(entry.action.rawValue)  \(entry.summary)\n"
            }.joined()
        }
    }
}

struct ActivityVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that no entry of the activity log was altered or removed; exits 1 at the first that was.",
        discussion: "On SQLite every entry's hash and its link to the one before are checked; on PostgreSQL, whose triggers refuse any change, the details' digests.")

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let verdict = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.activity")) { db in
            try await ActivityChain.verify(on: db)
        }
        if let problem = verdict.problem {
            FileHandle.standardError.write(Data("attune: the activity log is not whole: \(problem).\n".utf8))
            throw ExitCode(1)
        }
        print("The activity log is whole: \(verdict.entries) entries checked.")
    }
}
