import ArgumentParser
import AttuneCore

struct StudyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "The published study: Underdown & Barlow (2011).",
        subcommands: [StudyTableCommand.self])
}

struct StudyTableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Print the paper's Table 1 with recomputed totals and any printed total that disagrees.")

    @Option(help: "Output format: text, json or csv.")
    var format: MatrixFormat = .text

    func run() async throws {
        let matrix = try PublishedTable1.load()
        print(format.render(matrix, title: "Table 1 as published: \(PublishedTable1.citation)"), terminator: "")
    }
}

extension MatrixFormat: ExpressibleByArgument {}
