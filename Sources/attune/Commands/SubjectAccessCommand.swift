import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

/// `attune subject-access`: everything held about one mother and her baby, as JSON.
struct SubjectAccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subject-access",
        abstract: "Write everything held about one mother and her baby (her right of access) as JSON.",
        discussion: "Registration and consents, invitations, attendance, measures with scores, alerts and actions, follow-ups, reminders, and every correction of her records.")

    @Option(help: "Her code.") var dyad: String
    @Option(help: ArgumentHelp("The new file to write; an existing file is never overwritten.", valueName: "file")) var output: String
    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        guard !FileManager.default.fileExists(atPath: output) else {
            throw ReachInputError("subject access", field: "--output", "\(output) exists already; give a new file")
        }
        let dyad = self.dyad
        let report = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.subject-access")) { db in
            let report = try await SubjectAccess.gather(dyad: dyad, now: Date(), on: db)
            try await ActivityLog.record(.export, kind: "dyad", code: dyad, dyad: dyad, summary: "Subject access: her record written to a file", on: db)
            return report
        }
        try report.json().write(to: URL(fileURLWithPath: output), options: .withoutOverwriting)
        print("Wrote everything held about \(dyad) to \(output): \(report.invitations.count) invitations, \(report.attendance.count) attendance records, "
              + "\(report.measures.count) measures, \(report.alerts.count) alerts, \(report.corrections.count) corrections.")
    }
}
