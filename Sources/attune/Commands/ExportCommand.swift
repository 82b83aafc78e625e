import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

/// `attune export research`: pseudonymised tables for analysis, with codebook and scripts.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export data for analysis.",
        subcommands: [ResearchExportCommand.self])
}

struct ResearchExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "research",
        abstract: "Write pseudonymised CSVs (programmes with ratings, sessions, dyads, invitations, attendance, measures with scores), a codebook, import.sps and import.R.",
        discussion: """
            No names, contacts, addresses, free text or exact dates. Mothers and babies are known by HMAC-SHA256 pseudonyms made \
            with the key in --key-file (at least 32 bytes, kept outside the database): the same key gives the same pseudonyms. \
            Without it a random key is used, so the pseudonyms match no other export. Only mothers who consented to research \
            are included; --include-unrecorded-consent adds those never asked (records from before the question).
            """)

    @Option(help: ArgumentHelp("A new or empty folder to write into.", valueName: "folder")) var output: String
    @Option(help: ArgumentHelp("The pseudonyms' key: a file of at least 32 bytes.", valueName: "file")) var keyFile: String?
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Only these centres (codes); every centre when left out.", valueName: "centre"))
    var centres: [String] = []
    @Flag(help: "Include mothers never asked for their consent to research (never those who said no).")
    var includeUnrecordedConsent = false
    @OptionGroup var databaseOptions: DatabaseOptions

    func run() async throws {
        let key = try keyFile.map(ResearchExportStore.key(fromFile:)) ?? ResearchExportStore.randomKey()
        let folder = URL(fileURLWithPath: output)
        let centres = self.centres.isEmpty ? nil : Set(self.centres), unrecorded = includeUnrecordedConsent
        let export = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.export")) { db in
            try await ResearchExportStore.make(centres: centres, key: key, includingUnrecordedConsent: unrecorded, on: db)
        }
        try ResearchExportStore.write(export, to: folder)
        let counts = export.tables.map { "\($0.rows.count) \($0.name)" }.joined(separator: ", ")
        print("Wrote the research export to \(folder.path): \(counts); codebook.csv, import.sps, import.R.")
        if keyFile == nil { print("No --key-file: the pseudonyms were made with a random key and match no other export.") }
    }
}
