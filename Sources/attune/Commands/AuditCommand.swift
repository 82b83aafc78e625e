import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Derive each programme's mechanism profile from its evidence, with the reasons.",
        discussion: """
            Reads the profiles the database keeps up to date at each write, or derives them from an evidence document \
            (--evidence) or the reconstructed study dataset (--study). --recompute derives every stored profile again \
            (after a rubric change); --verify derives them all and compares them with what is stored.
            """)

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

    @Flag(help: "Derive every programme's stored profile again from its evidence, under the rubric given (or the standard one), and keep that rubric for later writes.")
    var recompute = false

    @Flag(help: "Derive every programme's profile afresh and compare it with the stored one; exit 1 on any difference.")
    var verify = false

    @OptionGroup var databaseOptions: DatabaseOptions

    func validate() throws {
        guard !(study && evidence != nil) else { throw ValidationError("give either --study or --evidence, not both.") }
        guard !((recompute || verify) && (study || evidence != nil)) else {
            throw ValidationError("--recompute and --verify work on the database's stored profiles, not on --study or --evidence.")
        }
        guard !(recompute && verify) else { throw ValidationError("give either --recompute or --verify, not both.") }
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
        } else if verify {
            try await verifyStored(try databaseOptions.location())
        } else if recompute {
            try await recomputeStored(try databaseOptions.location(), rubric: rubric)
        } else {
            let location = try databaseOptions.location()
            if let stored = try await storedReport(location, rubric: rubric) {
                report = stored
            } else {
                FileHandle.standardError.write(Data("attune: the stored profiles are not rubric \(rubric.version)'s: derived from the evidence instead (attune audit --recompute keeps them under it)\n".utf8))
                report = try await derivedFromEvidence(location, rubric: rubric)
            }
        }
        print(await report.render(format), terminator: "")
        // A national audit is millions of small objects, and freeing them one by one took a
        // tenth of the command's time after its output was complete: end the process instead.
        fflush(nil)
        Foundation.exit(0)
    }

    private func title(_ location: DatabaseLocation) -> String { "Programmes in \(location.displayName)" }

    /// The profiles as the database keeps them at each write; nil when they are another rubric's.
    private func storedReport(_ location: DatabaseLocation, rubric: Rubric) async throws -> AuditReport? {
        try await StoreSession.withConnections(1, location, mustExist: true, logger: Logger(label: "attune.audit")) { databases in
            // Each mechanism's records only where they are shown (JSON).
            // The JSON copies them as kept, written out, rather than decoding and writing them again.
            guard let read = try await ProfileStore.read(rubric: rubric, includingEvidence: format == .json, evidenceAsWritten: true,
                                                         on: databases[0]) else {
                return nil
            }
            let profiles = read.profiles
            // Need against provision from the counts stored with each started programme.
            let need = needVersusProvision ? NeedVersusProvision(rows: profiles.compactMap { profile in
                read.stored[profile.programme.id]?.need.map { NeedVersusProvision.Row(profile: profile, counts: $0) }
            }) : nil
            return AuditReport(title: title(location), rubric: rubric, reconstructed: read.document.reconstructed, profiles: profiles,
                               printedTotals: try await ProgrammeModel.printedTotals(on: databases[0]), needVersusProvision: need,
                               writtenEvidence: read.writtenEvidence)
        }
    }

    /// Every profile derived from the database's evidence, as before profiles were stored.
    private func derivedFromEvidence(_ location: DatabaseLocation, rubric: Rubric) async throws -> AuditReport {
        // Three connections: the evidence, attendance alongside it, and need from the signals
        // stored with the measures, all read at once.
        try await StoreSession.withConnections(3, location, mustExist: true, logger: Logger(label: "attune.audit")) { databases in
            async let need = needVersusProvision ? MeasureStore.needLevels(on: databases[2]) : nil
            // A profile needs neither the measures (most of the rows), nor the dyads' details, nor
            // the dates, notes and reasons kept for the people running a programme.
            let document = try await EvidenceStore.load(includingMeasures: false, includingDyads: false, includingRecordKeeping: false,
                                                        on: databases[0], alongside: databases[1])
            let printed = try await ProgrammeModel.printedTotals(on: databases[0])
            return AuditReport(title: title(location), document: document, rubric: rubric, printedTotals: printed, needByDyad: try await need)
        }
    }

    /// `--verify`: every difference on standard error, a summary line, exit 1 on any.
    private func verifyStored(_ location: DatabaseLocation) async throws -> Never {
        // Attendance and need read on their own connections while the rest is read on the first.
        let differences = try await StoreSession.withConnections(3, location, mustExist: true, logger: Logger(label: "attune.audit")) {
            try await ProfileStore.differences(on: $0[0], alongside: .init(attendance: $0[1], need: $0[2]))
        }
        for difference in differences { FileHandle.standardError.write(Data("attune: \(difference)\n".utf8)) }
        print(differences.isEmpty ? "Every stored profile equals the one its evidence derives." :
                "\(differences.count) stored profile\(differences.count == 1 ? "" : "s") differ from the evidence; attune audit --recompute derives them again.")
        fflush(nil)
        Foundation.exit(differences.isEmpty ? 0 : 1)
    }

    /// `--recompute`: every profile derived again under `rubric`, which later writes then use.
    private func recomputeStored(_ location: DatabaseLocation, rubric: Rubric) async throws -> Never {
        let count = try await StoreSession.withConnections(3, location, mustExist: true, logger: Logger(label: "attune.audit")) {
            try await ProfileStore.recompute(rubric: rubric, on: $0[0], alongside: .init(attendance: $0[1], need: $0[2]))
        }
        print("Derived \(count) programme profile\(count == 1 ? "" : "s") under \(rubric.name), version \(rubric.version); later writes keep them up to date.")
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
