import Foundation

/// Derived mechanism profiles with everything needed to print them: shared by `attune audit`
/// (text, JSON, CSV) and, through its matrix, by the web pages.
public struct AuditReport: Sendable {
    public let title: String
    public let rubric: Rubric
    public let reconstructed: Bool
    public let profiles: [ProgrammeProfile]
    /// Totals a publication printed, by programme id (the study's Table 1), to flag disagreements.
    public let printedTotals: [String: Int]
    /// Where need and provision do not meet, when the audit was asked for it.
    public let needVersusProvision: NeedVersusProvision?
    /// Each programme's lists of records as kept with its stored profile, written out
    /// (`StoredEvidence.writtenLists`), by programme id: the JSON audit copies them in place
    /// of writing the profiles' own lists, which are then left empty.
    public let writtenEvidence: [String: [String]]

    public init(title: String, rubric: Rubric, reconstructed: Bool, profiles: [ProgrammeProfile],
                printedTotals: [String: Int] = [:], needVersusProvision: NeedVersusProvision? = nil,
                writtenEvidence: [String: [String]] = [:]) {
        self.title = title
        self.rubric = rubric
        self.reconstructed = reconstructed
        self.profiles = profiles
        self.printedTotals = printedTotals
        self.needVersusProvision = needVersusProvision
        self.writtenEvidence = writtenEvidence
    }

    /// Derives every programme of a document; with each dyad's level of need (`needByDyad`),
    /// need against provision as well.
    public init(title: String, document: EvidenceDocument, rubric: Rubric, printedTotals: [String: Int] = [:],
                needByDyad: [String: NeedLevel]? = nil) {
        let index = EvidenceIndex(document)
        let profiles = AssessmentEngine(rubric: rubric).profiles(index)
        self.init(title: title, rubric: rubric, reconstructed: document.reconstructed, profiles: profiles,
                  printedTotals: printedTotals,
                  needVersusProvision: needByDyad.map { NeedVersusProvision(profiles: profiles, index: index, needByDyad: $0) })
    }

    /// The effective ratings (overrides applied) of the paper's fourteen mechanisms.
    public var matrix: MechanismMatrix { profiles.matrix(printedTotals: printedTotals) }

    public var rubricLine: String { "Rubric: \(rubric.name), version \(rubric.version)." }

    /// The audit as text, JSON or CSV; a national audit's programmes are put into words in parts
    /// at once.
    public func render(_ format: MatrixFormat) async -> String {
        switch format {
        case .text: await AuditTextRenderer.render(self)
        case .json: await AuditJSONWriter.render(self)
        case .csv: await AuditCSVRenderer.render(self)
        }
    }
}

enum AuditTextRenderer {
    static func render(_ report: AuditReport) async -> String {
        // The explanations are put into words in parts at once: a national audit's text is 27 MB.
        let parts = await inParts(report.profiles) { explanations($0) }
        let need = report.needVersusProvision.map(needSection) ?? ""
        var out = MatrixTextRenderer.render(report.matrix, title: report.title)
        out += report.rubricLine + "\n"
        if report.reconstructed { out += StudyEvidence.notice + "\n" }
        out.reserveCapacity(out.utf8.count + parts.reduce(0) { $0 + $1.utf8.count } + need.utf8.count + 100)
        for part in parts { out += part }
        if report.profiles.contains(where: { $0.assessments.contains(where: \.isOverridden) }) {
            out += "\n* overridden by an observer; the derived rating is kept in the explanation.\n"
        }
        out += need
        return out
    }

    /// Each programme's heading and a line per mechanism with its explanation.
    static func explanations(_ profiles: ArraySlice<ProgrammeProfile>) -> String {
        // Appended piece by piece into one string grown ahead (about 2 KB a programme):
        // joining each line first made a temporary string per line.
        var out = ""
        out.reserveCapacity(profiles.count * 2_400)
        var prefixes = LinePrefixes()
        let ratedCount = MechanismCatalogue.rated.count
        for profile in profiles {
            let centre = profile.centre.map { ", \($0.name)" } ?? ""
            out += "\n\(profile.programme.id)  \(profile.programme.name)\(centre): \(profile.total) yes"
            out += " of \(ratedCount), \(profile.notAssessed) not assessed\n"
            for assessment in profile.assessments {
                out += prefixes.prefix(assessment)
                out += assessment.explanation
                out += "\n"
            }
        }
        return out
    }
}

extension AuditTextRenderer {
    /// The start of an explanation's line ("  M4  V   "): the mechanism, its rating and whether an
    /// observer overrode it, each combination written once rather than for each of a national
    /// audit's 180,000 lines.
    struct LinePrefixes {
        private struct Key: Hashable {
            let mechanism: MechanismID, rating: Rating, overridden: Bool
        }
        private var written: [Key: String] = [:]

        mutating func prefix(_ assessment: MechanismAssessment) -> String {
            let key = Key(mechanism: assessment.mechanism.id, rating: assessment.rating, overridden: assessment.isOverridden)
            if let prefix = written[key] { return prefix }
            let prefix = "  " + padded(assessment.mechanism.id.description, 4) + padded(assessment.rating.letter, 2)
                + (assessment.isOverridden ? "* " : "  ")
            written[key] = prefix
            return prefix
        }
    }

    /// `text` followed by spaces up to `width` characters (Foundation's `padding` is slow).
    static func padded(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }

    /// Need against provision: the correlation, the inverse-care finding, and a line per
    /// programme that has started.
    static func needSection(_ analysis: NeedVersusProvision) -> String {
        var lines = ["", "Need against provision", analysis.correlationSentence, analysis.explanation, "",
                     "programme  mechanisms  high need enrolled     high need attending"]
        for row in analysis.rows {
            lines.append(padded(row.programmeId, 10) + " " + padded(String(row.mechanismTotal), 11) + " "
                         + padded("\(row.enrolledHighNeed) of \(row.enrolled) (\(NumberText.percent(row.highNeedShareEnrolled)))", 22) + " "
                         + "\(row.attendingHighNeed) of \(row.attending) (\(NumberText.percent(row.highNeedShareAttending)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

enum AuditCSVRenderer {
    /// The explanations are put into words here, so a national audit writes its parts at once.
    static func render(_ report: AuditReport) async -> String {
        var header = CSVWriter()
        header.addRow(["programme", "mechanism", "rating", "derived_rating", "overridden", "explanation"])
        let parts = await inParts(report.profiles) { profiles in
            var writer = CSVWriter()
            for profile in profiles {
                for assessment in profile.assessments {
                    writer.addRow([profile.programme.id, assessment.mechanism.id.description, assessment.rating.rawValue,
                                   assessment.derived.rating.rawValue, assessment.isOverridden ? "true" : "false",
                                   assessment.explanation])
                }
            }
            return writer.text
        }
        return header.text + parts.joined()
    }
}

/// `attune audit --format json`: per programme, per mechanism: rating, explanation, and
/// whether it was overridden.
public struct AuditJSONDocument: Codable, Equatable, Sendable {
    public struct RubricEntry: Codable, Equatable, Sendable {
        public let name: String
        public let version: String
    }
    public struct OverrideEntry: Codable, Equatable, Sendable {
        public let rating: Rating
        public let rationale: String
        public let observer: String
        public let date: CalendarDate?
    }
    public struct MechanismEntry: Codable, Equatable, Sendable {
        public let mechanism: MechanismID
        public let shortName: String
        public let rating: Rating
        public let derivedRating: Rating
        public let explanation: String
        public let overridden: Bool
        public let override: OverrideEntry?
        public let evidence: [String]
    }
    public struct ProgrammeEntry: Codable, Equatable, Sendable {
        public let id: String
        public let name: String
        public let centre: String?
        public let total: Int
        public let notAssessed: Int
        public let printedTotal: Int?
        public let mechanisms: [MechanismEntry]
    }

    public let title: String
    public let reconstructed: Bool
    public let rubric: RubricEntry
    public let programmes: [ProgrammeEntry]
    public let discrepancies: [TotalDiscrepancy]
    public let needVersusProvision: NeedVersusProvision?

    public init(_ report: AuditReport) {
        title = report.title
        reconstructed = report.reconstructed
        rubric = RubricEntry(name: report.rubric.name, version: report.rubric.version)
        programmes = report.profiles.map { profile in
            ProgrammeEntry(
                id: profile.programme.id, name: profile.programme.name, centre: profile.centre?.name,
                total: profile.total, notAssessed: profile.notAssessed,
                printedTotal: report.printedTotals[profile.programme.id],
                mechanisms: profile.assessments.map { assessment in
                    MechanismEntry(
                        mechanism: assessment.mechanism.id, shortName: assessment.mechanism.shortName,
                        rating: assessment.rating, derivedRating: assessment.derived.rating,
                        explanation: assessment.explanation, overridden: assessment.isOverridden,
                        override: assessment.override.map {
                            OverrideEntry(rating: $0.rating, rationale: $0.rationale, observer: $0.observer, date: $0.date)
                        },
                        evidence: assessment.derived.evidence)
                })
        }
        discrepancies = report.matrix.discrepancies
        needVersusProvision = report.needVersusProvision
    }

    func encoded() -> String { JSONOutput.render(self) }
}

/// Writes `AuditJSONDocument` for a report without building it: the same bytes JSONEncoder
/// gives (a test compares them), several times faster for a national audit. Keys in sorted
/// order, snake case, as `MatrixJSONDocument.encoder` writes them.
enum AuditJSONWriter {
    static func render(_ report: AuditReport) async -> String {
        var json = PrettyJSONWriter()
        json.beginObject()
        json.key("discrepancies")
        json.beginArray()
        for discrepancy in report.matrix.discrepancies {
            json.beginObject()
            json.field("printed_total", discrepancy.printedTotal)
            json.field("programme_code", discrepancy.programmeCode)
            json.field("recomputed_total", discrepancy.recomputedTotal)
            json.endObject()
        }
        json.endArray()
        if let analysis = report.needVersusProvision { json.field("need_versus_provision", encoding: analysis) }
        json.key("programmes")
        json.beginArray()
        // The explanations and evidence are put into words here: the parts at once.
        let parent = json
        let parts = await inParts(report.profiles) { profiles in
            // A part that does not start the array follows the items of the parts before it.
            var items = parent.itemWriter(followingEarlierItems: profiles.startIndex > 0)
            for profile in profiles {
                write(profile, printedTotal: report.printedTotals[profile.programme.id],
                      writtenEvidence: report.writtenEvidence[profile.programme.id], to: &items)
            }
            return items
        }
        for part in parts { json.append(items: part) }
        json.endArray()
        json.field("reconstructed", report.reconstructed)
        json.key("rubric")
        json.beginObject()
        json.field("name", report.rubric.name)
        json.field("version", report.rubric.version)
        json.endObject()
        json.field("title", report.title)
        json.endObject()
        return json.text + "\n"
    }

    private static func write(_ profile: ProgrammeProfile, printedTotal: Int?, writtenEvidence: [String]?, to json: inout PrettyJSONWriter) {
        json.beginObject()
        json.field("centre", profile.centre?.name)
        json.field("id", profile.programme.id)
        json.key("mechanisms")
        json.beginArray()
        for (position, assessment) in profile.assessments.enumerated() {
            write(assessment, writtenEvidence: writtenEvidence.flatMap { position < $0.count ? $0[position] : nil }, to: &json)
        }
        json.endArray()
        json.field("name", profile.programme.name)
        json.field("not_assessed", profile.notAssessed)
        json.field("printed_total", printedTotal)
        json.field("total", profile.total)
        json.endObject()
    }

    private static func write(_ assessment: MechanismAssessment, writtenEvidence: String?, to json: inout PrettyJSONWriter) {
        json.beginObject()
        json.field("derived_rating", assessment.derived.rating.rawValue)
        json.key("evidence")
        if let writtenEvidence {
            json.written(writtenEvidence)
        } else {
            json.beginArray()
            for reference in assessment.derived.evidence { json.string(reference) }
            json.endArray()
        }
        json.field("explanation", assessment.explanation)
        json.field("mechanism", assessment.mechanism.id.description)
        json.field("overridden", assessment.isOverridden) // sorts before "override"
        if let override = assessment.override {
            json.key("override")
            json.beginObject()
            json.field("date", override.date?.description)
            json.field("observer", override.observer)
            json.field("rating", override.rating.rawValue)
            json.field("rationale", override.rationale)
            json.endObject()
        }
        json.field("rating", assessment.rating.rawValue)
        json.field("short_name", assessment.mechanism.shortName)
        json.endObject()
    }
}
