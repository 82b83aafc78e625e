import Foundation

/// `attune excerpts` as text, JSON and CSV: the triangulation of ratings with what people said,
/// and the code co-occurrence matrix. Counts only: never an excerpt's text.
public enum ExcerptFormats {
    // MARK: Co-occurrence

    public static func cooccurrenceText(_ matrix: CodeCooccurrence) -> String {
        guard !matrix.mechanisms.isEmpty else { return "No excerpt is coded to a mechanism yet.\n" }
        let names = matrix.mechanisms.map(\.description)
        let width = max(4, (matrix.counts.joined().map { String($0).count }.max() ?? 1) + 1)
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        var lines = ["How often two mechanisms are coded on the same excerpt (the diagonal: excerpts coded to each).", "",
                     "    " + names.map(pad).joined()]
        for (row, name) in names.enumerated() {
            lines.append(name.padding(toLength: 4, withPad: " ", startingAt: 0) + matrix.counts[row].map { pad(String($0)) }.joined())
        }
        if let (a, b, count) = matrix.strongestPair { lines += ["", "Coded together most often: \(a) and \(b), on \(count) excerpt\(count == 1 ? "" : "s")."] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"mechanisms": [...], "counts": [[...]]}`, a symmetric matrix in that order.
    public static func cooccurrenceJSON(_ matrix: CodeCooccurrence) -> String {
        struct JSON: Encodable { let mechanisms: [String]; let counts: [[Int]] }
        return JSONOutput.render(JSON(mechanisms: matrix.mechanisms.map(\.description), counts: matrix.counts))
    }

    public static func cooccurrenceCSV(_ matrix: CodeCooccurrence) -> String {
        var csv = CSVWriter()
        csv.addRow(["mechanism"] + matrix.mechanisms.map(\.description))
        for (row, mechanism) in matrix.mechanisms.enumerated() {
            csv.addRow([.text(mechanism.description)] + matrix.counts[row].map { .number(Double($0)) })
        }
        return csv.text
    }

    // MARK: Triangulation

    public static func triangulationText(_ triangulation: Triangulation) -> String {
        guard !triangulation.cells.isEmpty else { return "No excerpt is coded to a mechanism yet.\n" }
        let rule = triangulation.rule
        var lines = ["Each rating beside what people said. DIVERGENT: rated yes with at least \(rule.againstAtLeast) excerpt\(rule.againstAtLeast == 1 ? "" : "s") contradicting it and at most \(rule.forAtMost) supporting (or rated no, the other way round).", ""]
        for cell in triangulation.cells {
            var line = "\(cell.programmeId) \(cell.mechanism.id) \(cell.mechanism.shortName): rated \(cell.rating.word); \(cell.supporting.count) supporting, \(cell.contradicting.count) contradicting"
            if cell.isDivergent { line += "  DIVERGENT" }
            lines.append(line)
        }
        let divergent = triangulation.divergent.count
        lines += ["", "\(divergent) divergent mechanism\(divergent == 1 ? "" : "s") to look at again."]
        return lines.joined(separator: "\n") + "\n"
    }

    public static func triangulationJSON(_ triangulation: Triangulation) -> String {
        struct Cell: Encodable {
            let programme, mechanism, rating: String
            let supporting, contradicting: Int
            let divergent: Bool
        }
        struct JSON: Encodable { let rule: DivergenceRule; let cells: [Cell] }
        return JSONOutput.render(JSON(rule: triangulation.rule, cells: triangulation.cells.map {
            Cell(programme: $0.programmeId, mechanism: $0.mechanism.id.description, rating: $0.rating.rawValue,
                 supporting: $0.supporting.count, contradicting: $0.contradicting.count, divergent: $0.isDivergent)
        }))
    }

    public static func triangulationCSV(_ triangulation: Triangulation) -> String {
        var csv = CSVWriter()
        csv.addRow(["programme", "mechanism", "rating", "supporting", "contradicting", "divergent"])
        for cell in triangulation.cells {
            csv.addRow([.text(cell.programmeId), .text(cell.mechanism.id.description), .text(cell.rating.rawValue),
                        .number(Double(cell.supporting.count)), .number(Double(cell.contradicting.count)), .text(cell.isDivergent ? "yes" : "no")])
        }
        return csv.text
    }
}
