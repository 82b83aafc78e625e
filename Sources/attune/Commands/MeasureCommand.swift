import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

struct MeasureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Record standardised measures for a dyad.",
        subcommands: [RecordMeasureCommand.self])
}

struct RecordMeasureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Save one measure, print its scores and raise any safeguarding alert at once.",
        discussion: """
            --values takes, by instrument: epds, 10 item scores 0-3; psi_sf, 36 item scores 1-5 (or --subscales with \
            three raw scores); itq, 9 category scores 1-6; care_index, sensitivity, control, unresponsiveness, \
            cooperativeness, compulsivity, difficultness, passivity (0-14, each party summing to 14). wmci takes \
            --classification instead.
            """)

    @Option(help: "The dyad's code.") var dyad: String
    @Option(help: "epds, psi_sf, itq, care_index or wmci.") var instrument: Instrument
    @Option(help: "before, after or follow_up.") var timepoint: Timepoint
    @Option(help: "The day it was taken (YYYY-MM-DD); not in the future.") var date: String
    @Option(name: .customLong("by"), help: "Who administered it.") var administeredBy: String
    @Option(help: "Comma-separated values (see the discussion).") var values: String?
    @Flag(help: "PSI-SF: the values are the three subscale raw scores.") var subscales = false
    @Option(help: "WMCI: balanced, disengaged or distorted.") var classification: String?
    @Option(help: "An id for the measure (default: DYAD-INSTRUMENT-TIMEPOINT).") var id: String?
    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        guard let day = CalendarDate(date) else {
            throw MeasureInputError(instrument.name, field: "date", "'\(date)' is not a date; use YYYY-MM-DD")
        }
        var measure = RecordedMeasure(id: id ?? "\(dyad)-\(instrument.rawValue)-\(timepoint.rawValue)", dyadId: dyad,
                                      instrument: instrument, timepoint: timepoint, date: day, administeredBy: administeredBy)
        switch instrument {
        case .epds, .psi:
            let numbers = try integers(values ?? "", instrument: instrument.name)
            if subscales { measure.subscaleScores = numbers } else { measure.itemScores = numbers }
        case .itq:
            measure.categoryScores = try numbers(values ?? "", instrument: instrument.name, what: "category", kind: "a number")
        case .careIndex:
            let scales = try integers(values ?? "", instrument: instrument.name, what: "scale")
            let names = ["sensitivity", "control", "unresponsiveness", "cooperativeness", "compulsivity", "difficultness", "passivity"]
            guard scales.count == names.count else {
                throw MeasureInputError(instrument.name, field: "values", "needs 7 scales (\(names.joined(separator: ", "))), got \(scales.count)")
            }
            measure.scales = Dictionary(uniqueKeysWithValues: zip(names, scales))
        case .wmci:
            measure.classification = classification
        }
        let location = try databaseOptions.location()
        let now = Date()
        let record = measure
        let (result, alerts, need) = try await StoreSession.with(location, mustExist: true, logger: Logger(label: "attune.measure")) { db in
            let (result, alerts) = try await MeasureStore.record(record, today: CalendarDate.today(at: now), now: now,
                                                                 by: record.administeredBy, on: db)
            let need = try await MeasureStore.need(ofDyad: record.dyadId, on: db)
            return (result, alerts, need)
        }
        print(result.summary)
        for alert in alerts {
            print("ALERT \(alert.id) (\(alert.kind.rawValue), due by \(alert.dueBy)): \(alert.reason)")
        }
        if let need { print("Level of need for \(dyad): \(need.summary)") }
    }
}

struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List safeguarding alerts (open ones first), or close one with the action taken.",
        subcommands: [ListAlertsCommand.self, CloseAlertCommand.self],
        defaultSubcommand: ListAlertsCommand.self)
}

struct ListAlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List safeguarding alerts.")

    @Flag(help: "Include closed alerts.") var all = false
    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let location = try databaseOptions.location()
        let openOnly = !all
        let alerts = try await StoreSession.with(location, mustExist: true, logger: Logger(label: "attune.alerts")) { db in
            try await AlertStore.all(openOnly: openOnly, on: db)
        }
        if alerts.isEmpty { print(all ? "No safeguarding alerts." : "No open safeguarding alerts.") }
        for alert in alerts.sorted(by: { ($0.isOpen ? 0 : 1, $0.dueBy) < ($1.isOpen ? 0 : 1, $1.dueBy) }) {
            let status = alert.isOpen ? "OPEN, due by \(alert.dueBy)"
                : "closed by \(alert.closedBy ?? "?"): \(alert.actionTaken ?? "")"
            print("\(alert.id)  dyad \(alert.dyadId)  \(alert.kind.rawValue)  \(status)\n    \(alert.reason)")
        }
    }
}

struct CloseAlertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close an alert with a note of the action taken.")

    @Argument(help: "The alert's id.") var id: String
    @Option(help: "What was done (at least 10 characters).") var action: String
    @Option(name: .customLong("by"), help: "Who closes it.") var closedBy: String
    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let location = try databaseOptions.location()
        let (id, action, closedBy) = (id, action, closedBy)
        let alert = try await StoreSession.with(location, mustExist: true, logger: Logger(label: "attune.alerts")) { db in
            try await AlertStore.close(id, action: action, by: closedBy, now: Date(), on: db)
        }
        print("Closed \(alert.id) (dyad \(alert.dyadId)) by \(alert.closedBy ?? closedBy): \(alert.actionTaken ?? action)")
    }
}

struct NeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "need", abstract: "Each dyad's level of need with its reason.")

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let location = try databaseOptions.location()
        let summaries = try await StoreSession.with(location, mustExist: true, logger: Logger(label: "attune.need")) { db in
            try await MeasureStore.dyadMeasures(on: db).map { ($0.dyadId, $0.need.summary) }
        }
        for (dyad, need) in summaries { print("\(dyad)  \(need)") }
    }
}

extension Instrument: ExpressibleByArgument {}
extension Timepoint: ExpressibleByArgument {}
