import ArgumentParser
import AttuneCore

struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a standardised measure and print its scores, bands and flags (nothing is stored).",
        subcommands: [ScoreEPDS.self, ScorePSI.self, ScoreITQ.self, ScoreCARE.self, ScoreWMCI.self])
}

/// Prints a score for people, or for machines with --json.
struct ScoreOutput: ParsableArguments {
    @Flag(help: "Print JSON for machines.")
    var json = false

    func print<T: Encodable>(_ instrument: String, _ score: T, summary: String) {
        if json {
            Swift.print(JSONOutput.render(ScoreDocument(instrument: instrument, summary: summary, score: score)), terminator: "")
        } else {
            Swift.print(summary)
        }
    }

    struct ScoreDocument<T: Encodable>: Encodable {
        let instrument: String
        let summary: String
        let score: T
    }
}

/// "0,1,2" into numbers, naming the position of anything that is not one.
func numbers<T: LosslessStringConvertible>(_ text: String, instrument: String, what: String, kind: String) throws -> [T] {
    try text.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { index, part in
        let trimmed = part.trimmingCharacters(in: .whitespaces)
        guard let value = T(trimmed) else {
            throw MeasureInputError(instrument, field: "\(what) \(index + 1)", "'\(trimmed)' is not \(kind)")
        }
        return value
    }
}

func integers(_ text: String, instrument: String, what: String = "item") throws -> [Int] {
    try numbers(text, instrument: instrument, what: what, kind: "a whole number")
}

struct ScoreEPDS: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "epds", abstract: "Edinburgh Postnatal Depression Scale: ten item scores 0-3.")

    @Argument(help: "Ten comma-separated item scores (0-3), or options chosen with --options.")
    var items: String

    @Flag(help: "The values are the options chosen (0 = top .. 3 = bottom), keyed as published.")
    var options = false

    @Option(help: "Possible depression from this total.")
    var possibleFrom = 10

    @Option(help: "Probable depression from this total.")
    var probableFrom = 13

    @OptionGroup var output: ScoreOutput

    func run() async throws {
        let values = try integers(items, instrument: EPDS.name, what: options ? "option" : "item")
        let cutoffs = try EPDSCutoffs(possibleFrom: possibleFrom, probableFrom: probableFrom)
        let score = options ? try EPDS.score(optionsChosen: values, cutoffs: cutoffs)
                            : try EPDS.score(itemScores: values, cutoffs: cutoffs)
        output.print(EPDS.name, score, summary: score.summary)
    }
}

struct ScorePSI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psi", abstract: "Parenting Stress Index, Short Form: 36 item scores 1-5, or three subscale scores.")

    @Argument(help: "36 comma-separated item scores (1-5), or with --subscales the three subscale raw scores (12-60).")
    var values: String

    @Flag(help: "The values are Parental Distress, Parent-Child Dysfunctional Interaction and Difficult Child raw scores.")
    var subscales = false

    @Option(help: "The site's Total Stress cut-off (from the licensed manual).")
    var totalStressFrom: Int?

    @Option(help: "The site's Defensive Responding cut-off (at or below).")
    var defensiveAtMost: Int?

    @OptionGroup var output: ScoreOutput

    func run() async throws {
        let cutoffs = PSICutoffs(totalStressFrom: totalStressFrom, defensiveRespondingAtMost: defensiveAtMost)
        let score: PSIScore
        if subscales {
            let raw = try integers(values, instrument: PSIShortForm.name, what: "subscale")
            guard raw.count == 3 else {
                throw MeasureInputError(PSIShortForm.name, field: "subscales", "needs 3 subscale scores, got \(raw.count)")
            }
            score = try PSIShortForm.score(parentalDistress: raw[0], parentChildDysfunctionalInteraction: raw[1],
                                           difficultChild: raw[2], cutoffs: cutoffs)
        } else {
            score = try PSIShortForm.score(itemScores: try integers(values, instrument: PSIShortForm.name), cutoffs: cutoffs)
        }
        output.print(PSIShortForm.name, score, summary: score.summary)
    }
}

struct ScoreITQ: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "itq", abstract: "Infant temperament (revised ITQ): nine category scores 1-6.")

    @Argument(help: "Nine comma-separated category scores (1-6): activity, rhythmicity, approach, adaptability, intensity, mood, persistence, distractibility, threshold.")
    var values: String

    @OptionGroup var output: ScoreOutput

    func run() async throws {
        let categories: [Double] = try numbers(values, instrument: InfantTemperament.name, what: "category", kind: "a number")
        let score = try InfantTemperament.score(categories)
        output.print(InfantTemperament.name, score, summary: score.summary)
    }
}

struct ScoreCARE: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "care", abstract: "CARE-Index: adult and infant scales, each party's summing to 14.")

    @Option(help: "Adult sensitivity, control, unresponsiveness (each 0-14, summing to 14).")
    var adult: String

    @Option(help: "Infant cooperativeness, compulsivity, difficultness, passivity (each 0-14, summing to 14).")
    var infant: String

    @OptionGroup var output: ScoreOutput

    func run() async throws {
        let a = try integers(adult, instrument: CAREIndex.name, what: "adult scale")
        let i = try integers(infant, instrument: CAREIndex.name, what: "infant scale")
        guard a.count == 3 else { throw MeasureInputError(CAREIndex.name, field: "--adult", "needs 3 scales, got \(a.count)") }
        guard i.count == 4 else { throw MeasureInputError(CAREIndex.name, field: "--infant", "needs 4 scales, got \(i.count)") }
        let score = try CAREIndex.score(sensitivity: a[0], control: a[1], unresponsiveness: a[2],
                                        cooperativeness: i[0], compulsivity: i[1], difficultness: i[2], passivity: i[3])
        output.print(CAREIndex.name, score, summary: score.summary)
    }
}

struct ScoreWMCI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wmci", abstract: "Working Model of the Child Interview: classification and optional scales.")

    @Argument(help: "balanced, disengaged or distorted.")
    var classification: String

    @Option(name: .customLong("scale"), help: "A rating scale as name=value (1-5); repeatable.")
    var scales: [String] = []

    @OptionGroup var output: ScoreOutput

    func run() async throws {
        var ratings: [String: Int] = [:]
        for entry in scales {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Int(parts[1]) else {
                throw MeasureInputError(WMCI.name, field: "--scale \(entry)", "write a scale as name=value, e.g. coherence=4")
            }
            ratings[parts[0]] = value
        }
        let score = try WMCI.score(classification: classification, scaleRatings: ratings)
        output.print(WMCI.name, score, summary: score.summary)
    }
}
