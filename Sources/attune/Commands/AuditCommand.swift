import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Derive each programme's mechanism profile from its evidence, with the reasons.",
        discussion: "Reads the programmes in the database, or an evidence document (--evidence), or the reconstructed study dataset (--study).")

    @Option(help: ArgumentHelp("An evidence document (JSON) to audit instead of the database.", valueName: "file"))
    var evidence: String?

    @Flag(help: "Audit the reconstructed dataset of the study's eight programmes.")
    var study = false

    @Option(help: "Output format: text, json or csv.")
    var format: MatrixFormat = .text

    @Option(help: ArgumentHelp("A site rubric (JSON) to use instead of the standard one.", valueName: "file"))
    var rubric: String?

    @OptionGroup var databaseOptions: DatabaseOptions

    func validate() throws {
        guard !(study && evidence != nil) else { throw ValidationError("give either --study or --evidence, not both.") }
    }

    func run() async throws {
        let rubric = try Rubric.load(path: rubric)
        let report: AuditReport
        if study {
            let printed = Dictionary(uniqueKeysWithValues: try PublishedTable1.load().columns.compactMap { column in
                column.printedTotal.map { (column.programmeCode, $0) }
            })
            report = AuditReport(title: "The study's programmes, derived from reconstructed evidence",
                                 document: try StudyEvidence.load(), rubric: rubric, printedTotals: printed)
        } else if let evidence {
            report = AuditReport(title: "Programmes in \(evidence)", document: try EvidenceFile.read(evidence), rubric: rubric)
        } else {
            let location = try databaseOptions.location()
            report = try await StoreSession.with(location, mustExist: true, logger: Logger(label: "attune.audit")) { db in
                // A profile needs no measures; they are most of the rows.
                let document = try await EvidenceStore.load(includingMeasures: false, on: db)
                let printed = try await ProgrammeModel.printedTotals(on: db)
                return AuditReport(title: "Programmes in \(location.displayName)", document: document,
                                   rubric: rubric, printedTotals: printed)
            }
        }
        print(report.render(format), terminator: "")
    }
}

enum EvidenceFile {
    static func read(_ path: String) throws -> EvidenceDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvidenceFileError.unreadable(path)
        }
        return try EvidenceDocument.read(data)
    }
}

enum EvidenceFileError: InputError {
    case unreadable(String)
    var description: String {
        switch self { case .unreadable(let path): "cannot read the evidence document \(path): no such file, or not readable." }
    }
}
