import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

/// `attune erase`: a mother's right to erasure. Without --confirm it only says what would go.
struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase one mother's identifying data, contacts, free text and measures for good.",
        discussion: """
            Keeps only what programme statistics count (her code, invitations, attendance marks, social risk factors); \
            docs/governance.md lists what goes and what stays. Without --confirm nothing is erased: it says what would be.
            """)

    @Option(help: "Her code.") var dyad: String
    @Option(help: "Why her record is erased (her request and its date, say).") var reason: String
    @Flag(help: "Erase; without it, only say what would be erased.") var confirm = false
    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let (dyad, reason, confirm) = (self.dyad, self.reason, self.confirm)
        let message = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.erase")) { db -> String in
            guard confirm else {
                guard let preview = try await Erasure.preview(dyad: dyad, on: db) else {
                    throw ReachInputError("erasure of \(dyad)", field: "--dyad", "no mother and baby have the code \(dyad)")
                }
                let blocked = preview.refusal.map { " It cannot be erased yet: \($0)." } ?? " Add --confirm to erase."
                return "Would erase \(dyad): names, contacts, dates of birth, free text, \(Self.words(preview)). Nothing was erased.\(blocked)"
            }
            let removed = try await Erasure.erase(dyad: dyad, reason: reason, now: Date(), on: db)
            return "Erased \(dyad): names, contacts, dates of birth, free text, \(Self.words(removed)). The activity log records the erasure."
        }
        print(message)
    }

    static func words(_ removed: Erasure.Removed) -> String {
        "\(removed.measures) measures, \(removed.alerts) closed alerts, \(removed.reminders) reminders, \(removed.followUps) follow-ups "
            + "and the details of \(removed.logDetails) activity-log entries"
    }
}

/// `attune retention`: the records kept longer than the retention period, for review.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "List the mothers whose latest activity is older than the retention period, for review.")

    @Option(help: "The retention period in years (1-100), as your data protection officer set it.") var years: Int = Retention.defaultYears
    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        guard (1...100).contains(years) else { throw ReachInputError("retention", field: "--years", "give a number of years from 1 to 100") }
        let years = self.years
        let due = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.retention")) { db in
            try await Retention.due(years: years, today: CalendarDate.today(at: Date()), on: db)
        }
        if due.isEmpty {
            print("No record is older than \(years) years.")
            return
        }
        print("\(due.count) mothers' records are older than \(years) years (latest activity, oldest first):")
        for item in due { print("\(item.dyad)\t\(item.centre ?? "-")\t\(item.lastActivity)") }
    }
}
