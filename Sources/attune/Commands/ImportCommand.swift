import ArgumentParser
import AttuneCore
import AttuneStore
import Logging

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring records into the database.",
        subcommands: [ImportEvidenceCommand.self])
}

struct ImportEvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Store an evidence document in one transaction: every record, or none if any is wrong.")

    @Argument(help: ArgumentHelp("The evidence document (JSON); see docs/evidence.schema.json.", valueName: "file"))
    var file: String

    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let location = try databaseOptions.location()
        let document = try EvidenceFile.read(file)
        try await StoreSession.with(location, mustExist: false, logger: Logger(label: "attune.import")) { db in
            try await EvidenceStore.save(document, on: db)
        }
        print("Imported \(document.programmes.count) programmes, \(document.sessions.count) sessions, "
              + "\(document.dyads.count) dyads, \(document.invitations.count) invitations, "
              + "\(document.attendance.count) attendance records and \(document.measurements.count) measures into \(location.displayName).")
    }
}
