import ArgumentParser
import AttuneCore
import AttuneDelivery
import AttuneStore
import Foundation
import Logging

struct RemindersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders",
        abstract: "Plan, send and list reminders: warm, in the inviter's name, through each mother's preferred channel.",
        subcommands: [Plan.self, Run.self, Add.self, Outbox.self])

    /// `--now`: an ISO 8601 instant, for trying a run at another time; the clock when absent.
    static func instant(_ text: String?) throws -> Date {
        guard let text else { return Date() }
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else {
            throw ReachInputError("reminders", field: "--now", "'\(text)' is not an ISO 8601 instant; use e.g. 2026-03-30T10:00:00Z")
        }
        return date
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a programme's reminder plan and what has happened to each reminder.")
        @Argument(help: "The programme's code.") var programme: String
        @Option(help: "Plan as at this ISO 8601 instant (default: now).") var now: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let (programme, now) = (self.programme, try RemindersCommand.instant(self.now))
            let (problems, entries) = try await StoreSession.with(try databaseOptions.location(), mustExist: true,
                                                                  logger: Logger(label: "attune.reminders")) { db in
                let problems = try await ReminderOutbox.refresh(programmes: [programme], now: now, on: db)
                return (problems, try await ReminderOutbox.entries(programme: programme, on: db))
            }
            if json {
                print(try RemindersCommand.encode(entries))
                return
            }
            let clock = LocalClock.london
            print("Reminder plan for \(programme) (times are UK local time): \(entries.count) reminder\(entries.count == 1 ? "" : "s")")
            // Of several reminders for one session due at once, only the latest goes (ReminderDecision).
            var latestDue: [String: Int] = [:]
            for entry in entries where entry.status == .pending && entry.dueAt <= now {
                latestDue["\(entry.sessionId)#\(entry.dyadId)"] = min(latestDue["\(entry.sessionId)#\(entry.dyadId)"] ?? .max, entry.daysBefore)
            }
            for entry in entries {
                var status = entry.status.rawValue
                if entry.status == .pending && entry.dueAt <= now {
                    status = latestDue["\(entry.sessionId)#\(entry.dyadId)"] == entry.daysBefore ? "due now" : "due, but superseded by a later reminder"
                }
                print("\(clock.stamp(entry.dueAt))  \(entry.sessionId)  \(entry.dyadId)  \(entry.channel.label), \(entry.daysBefore) day\(entry.daysBefore == 1 ? "" : "s") before  \(status)"
                      + (entry.note.map { " (\($0))" } ?? ""))
            }
            for problem in problems { print("cannot remind: \(problem)") }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send every reminder that is due, once, and print what was sent.",
            discussion: """
                Without a gateway, SMS and email reminders are kept in the outbox (see `attune reminders outbox`). With \
                --gateway-url (or $ATTUNE_NOTIFY_URL) they are posted to a GOV.UK Notify-shaped API; the key comes from \
                $ATTUNE_NOTIFY_API_KEY and never from the command line. Phone calls and printed lists go to the \
                facilitator's lists. Safe to run from cron every few minutes, and from two machines at once.
                """)
        @Option(help: "Run as at this ISO 8601 instant (default: now).") var now: String?
        @Flag(help: "Print JSON: a list of what was sent, with dyad, session, channel and time.") var json = false
        @OptionGroup var delivery: DeliveryOptions
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let now = try RemindersCommand.instant(self.now)
            let runner = ReminderRunner(sender: try delivery.sender())
            let results = try await StoreSession.with(try databaseOptions.location(), mustExist: true,
                                                      logger: Logger(label: "attune.reminders")) { db in
                try await runner.run(now: now, on: db)
            }
            let delivered = results.filter { $0.outcome == .sent || $0.outcome == .listed }
            if json {
                struct Sent: Encodable { let dyad, session, channel, time, outcome: String }
                let formatter = ISO8601DateFormatter()
                let list = delivered.map { Sent(dyad: $0.dyad, session: $0.session, channel: $0.channel.rawValue,
                                                time: formatter.string(from: $0.time), outcome: $0.outcome.rawValue) }
                print(try RemindersCommand.encode(list))
            } else {
                print("Sent \(delivered.filter { $0.outcome == .sent }.count), listed \(delivered.filter { $0.outcome == .listed }.count) for the facilitator"
                      + " (\(runner.sender.name == "outbox" ? "no gateway: SMS and email kept in the outbox" : "via the gateway")).")
                for result in delivered { print("\(result.outcome.rawValue): \(result.dyad) for \(result.session) by \(result.channel.label)") }
            }
            // What did not go out is always told, on standard error so JSON stays clean.
            for result in results where result.outcome != .sent && result.outcome != .listed {
                FileHandle.standardError.write(Data("\(result.outcome.rawValue): \(result.dyad) for \(result.session): \(result.note ?? "")\n".utf8))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask for a reminder now, outside the schedule; the next `reminders run` sends it.")
        @Option(help: "The session's code.") var session: String
        @Option(help: "The dyad's code.") var dyad: String
        @Option(help: "As at this ISO 8601 instant (default: now).") var now: String?
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let (session, dyad, now) = (self.session, self.dyad, try RemindersCommand.instant(self.now))
            let entry = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.reminders")) { db in
                try await ReminderOutbox.addManual(session: session, dyad: dyad, now: now, on: db)
            }
            print("Added a reminder for \(entry.dyadId) by \(entry.channel.label) about \(entry.sessionId); `attune reminders run` sends it.")
        }
    }

    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The outbox: reminders kept for the facilitator, the phone-call list, failures to follow up.")
        @Option(help: "Only this programme.") var programme: String?
        @Option(help: "Only these statuses, comma-separated: pending, sending, sent, listed, skipped, failed, unconfirmed.") var status: String?
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            var statuses: Set<ReminderStatus>?
            if let status {
                statuses = []
                for name in status.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    guard let value = ReminderStatus(rawValue: name) else {
                        throw ReachInputError("outbox", field: "--status", "'\(name)' is not one of \(ReminderStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    statuses?.insert(value)
                }
            }
            let (programme, wanted) = (self.programme, statuses)
            let entries = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.reminders")) { db in
                try await ReminderOutbox.entries(programme: programme, statuses: wanted, on: db)
            }
            if json { print(try RemindersCommand.encode(entries)); return }
            let clock = LocalClock.london
            print("\(entries.count) reminder\(entries.count == 1 ? "" : "s") in the outbox")
            for entry in entries {
                print("\(clock.stamp(entry.dueAt))  \(entry.status.rawValue)  \(entry.dyadId) for \(entry.sessionId) by \(entry.channel.label)"
                      + (entry.address.isEmpty ? "" : " to \(entry.address)") + (entry.note.map { " (\($0))" } ?? ""))
                print("    \(entry.message)")
            }
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
