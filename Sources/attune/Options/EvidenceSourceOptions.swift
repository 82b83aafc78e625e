import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

/// Where a command that reads the whole evidence takes it from: an evidence document, or the
/// database; and the rubric its thresholds come from.
struct EvidenceSourceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("An evidence document (JSON) to read instead of the database.", valueName: "file"))
    var evidence: String?

    @Option(help: ArgumentHelp("A site rubric (JSON) whose thresholds to use; else the database's rubric in use, or the standard one.",
                               valueName: "file"))
    var rubric: String?

    @OptionGroup var databaseOptions: DatabaseOptions

    /// The document and the rubric, from the file or the database.
    func read(logger label: String) async throws -> (document: EvidenceDocument, rubric: Rubric) {
        if let evidence { return (try EvidenceFile.read(evidence), try Rubric.load(path: rubric)) }
        let given = try rubric.map { try Rubric.load(path: $0) }
        return try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: label)) { db in
            let document = try await EvidenceStore.load(includingMeasures: false, on: db)
            if let given { return (document, given) }
            return (document, try await ProfileStore.rubricInUse(on: db) ?? Rubric.standard())
        }
    }
}
