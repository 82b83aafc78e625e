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

    @Flag(help: "Add need against provision: each started programme's share of high-need mothers against its mechanism total, their correlation, and the programmes where high need meets low provision (text and json).")
    var needVersusProvision = false

    @OptionGroup var databaseOptions: DatabaseOptions

    func validate() throws {
        guard !(study && evidence != nil) else { throw ValidationError("give either --study or --evidence, not both.") }
        guard !(needVersusProvision && format == .csv) else {
            throw ValidationError("--need-versus-provision is shown in text or json; a CSV holds one table, the profiles.")
        }
    }

    func run() async throws {
        let rubric = try Rubric.load(path: rubric)
        let report: AuditReport
        if study {
            let printed = Dictionary(uniqueKeysWithValues: try PublishedTable1.load().columns.compactMap { column in
                column.printedTotal.map { (column.programmeCode, $0) }
            })
            let document = try StudyEvidence.load()
            report = AuditReport(title: "The study's programmes, derived from reconstructed evidence",
                                 document: document, rubric: rubric, printedTotals: printed, needByDyad: need(in: document))
        } else if let evidence {
            let document = try EvidenceFile.read(evidence)
            report = AuditReport(title: "Programmes in \(evidence)", document: document, rubric: rubric, needByDyad: need(in: document))
        } else {
            let location = try databaseOptions.location()
            // Three connections: the evidence, attendance alongside it, and need from the signals
            // stored with the measures, all read at once.
            report = try await StoreSession.withConnections(3, location, mustExist: true, logger: Logger(label: "attune.audit")) { databases in
                async let need = needVersusProvision ? MeasureStore.needLevels(on: databases[2]) : nil
                // A profile needs neither the measures (most of the rows), nor the dyads' details, nor
                // the dates, notes and reasons kept for the people running a programme.
                let document = try await EvidenceStore.load(includingMeasures: false, includingDyads: false, includingRecordKeeping: false,
                                                            on: databases[0],
                                                            alongside: databases[1])
                let printed = try await ProgrammeModel.printedTotals(on: databases[0])
                return AuditReport(title: "Programmes in \(location.displayName)", document: document,
                                   rubric: rubric, printedTotals: printed, needByDyad: try await need)
            }
        }
        print(report.render(format), terminator: "")
        // A national audit is millions of small objects, and freeing them one by one took a
        // tenth of the command's time after its output was complete: end the process instead.
        fflush(nil)
        Foundation.exit(0)
    }

    /// Each dyad's level of need from a document's measures, when need against provision is asked for.
    private func need(in document: EvidenceDocument) -> [String: NeedLevel]? {
        needVersusProvision ? DyadMeasures.needs(in: document).mapValues(\.level) : nil
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
