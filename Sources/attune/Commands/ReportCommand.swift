import ArgumentParser
import AttuneCore
import AttuneHTML
import AttuneStore
import Foundation
import Logging

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The evaluation report: mechanisms, need against provision, outcomes, training mix and reach.",
        discussion: "A self-contained HTML page with charts (prints on A4), or JSON with every figure.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case html, json }

    @Flag(help: "Report on the reconstructed study dataset instead of the database.")
    var study = false

    @Option(help: ArgumentHelp("An evidence document (JSON) to report on instead of the database.", valueName: "file"))
    var evidence: String?

    @Option(help: "html or json.")
    var format: Format = .html

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("A site rubric (JSON) to use instead of the standard one.", valueName: "file"))
    var rubric: String?

    @OptionGroup var databaseOptions: DatabaseOptions

    func validate() throws {
        guard !(study && evidence != nil) else { throw ValidationError("give either --study or --evidence, not both.") }
    }

    func run() async throws {
        // Built in a function of its own so that the evidence it is built from (at national
        // scale most of a gigabyte, the measures above all) is let go before the report is
        // written: the evaluation keeps only what it worked out.
        let evaluation = try await evaluation(rubric: try Rubric.load(path: rubric))
        // The action plan and the cycles are the database's: none for --study or --evidence.
        var plans: [ActionPlan] = [], cycles: [AuditCycle] = []
        if !study && evidence == nil {
            (plans, cycles) = try await StoreSession.with(try databaseOptions.location(), mustExist: true, logger: Logger(label: "attune.report")) { db in
                (try await ActionStore.plans(centres: nil, on: db), try await CycleStore.cycles(on: db))
            }
        }
        let text = format == .html ? EvaluationReport.html(evaluation, plans: plans, cycles: cycles) : EvaluationJSONDocument(evaluation).encoded()
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw ReportOutputError(path: output)
            }
            print("Wrote the \(format.rawValue) report to \(output).")
        } else {
            print(text, terminator: "")
        }
    }

    private func evaluation(rubric: Rubric) async throws -> Evaluation {
        let document: EvidenceDocument
        let title: String
        var stored: [String: StoredProfile]?
        if study {
            document = try StudyEvidence.load()
            title = "Evaluation of the study's eight infant massage programmes"
        } else if let evidence {
            document = try EvidenceFile.read(evidence)
            title = "Evaluation of the programmes in \(evidence)"
        } else {
            let location = try databaseOptions.location()
            (document, stored) = try await StoreSession.withConnections(2, location, mustExist: true, logger: Logger(label: "attune.report")) { databases in
                // The profiles as stored at each write, when they are this rubric's.
                (try await EvidenceStore.load(on: databases[0], alongside: databases[1]),
                 try await ProfileStore.storedProfiles(rubric: rubric, includingEvidence: false, on: databases[0]))
            }
            title = "Evaluation of the programmes in \(location.displayName)"
        }
        return Evaluation(title: title, document: document, rubric: rubric, stored: stored)
    }
}

struct ReportOutputError: InputError {
    let path: String
    var description: String { "--output: cannot write \(path); check that its folder exists and is writable." }
}
