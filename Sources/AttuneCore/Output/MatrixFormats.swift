import Foundation

/// The ways a mechanism matrix is printed for people (text) and machines (JSON, CSV).
public enum MatrixFormat: String, CaseIterable, Sendable {
    case text, json, csv

    public func render(_ matrix: MechanismMatrix, title: String) -> String {
        switch self {
        case .text: MatrixTextRenderer.render(matrix, title: title)
        case .json: MatrixJSONDocument(matrix, title: title).encoded()
        case .csv: MatrixCSVRenderer.render(matrix)
        }
    }
}

/// A terminal table: mechanisms down, programmes across, recomputed and printed totals,
/// a legend and a warning for every printed total that disagrees with its column.
enum MatrixTextRenderer {
    static func render(_ matrix: MechanismMatrix, title: String) -> String {
        let nameWidth = max(32, (matrix.mechanisms.map { $0.shortName.count }.max() ?? 0) + 5)
        let cellWidth = max(4, (matrix.columns.map { $0.programmeCode.count }.max() ?? 0) + 2)
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        // Each value right-aligned in its cell, appended into one line: a national matrix is
        // 12,000 columns wide. The spaces in front come from strings written once (appended
        // a space at a time, they were most of the time a national matrix took).
        let spaces = (0...cellWidth).map { String(repeating: " ", count: $0) }
        func cells(_ values: [String]) -> String {
            var line = ""
            line.reserveCapacity(values.count * cellWidth)
            for value in values {
                line += spaces[max(0, cellWidth - value.count)]
                line += value
            }
            return line
        }

        var out = [title, ""]
        out.append(pad("Mechanism", nameWidth) + cells(matrix.columns.map(\.programmeCode)))
        // Each column's ratings looked up once, in the order of the rows.
        let ratings = matrix.columns.map { column in matrix.mechanisms.map { matrix.rating(column, $0.id) } }
        for (row, mechanism) in matrix.mechanisms.enumerated() {
            let label = pad(mechanism.id.description, 5) + mechanism.shortName
            out.append(pad(label, nameWidth) + cells(ratings.map { $0[row].letter }))
        }
        out.append(String(repeating: "-", count: nameWidth + cellWidth * matrix.columns.count))
        out.append(pad("Total (count of Y, recomputed)", nameWidth)
            + cells(matrix.columns.map { String(matrix.recomputedTotal($0)) }))
        if matrix.columns.contains(where: { $0.printedTotal != nil }) {
            let mismatched = Set(matrix.discrepancies.map(\.programmeCode))
            out.append(pad("Total as printed", nameWidth) + cells(matrix.columns.map { column in
                guard let printed = column.printedTotal else { return "" }
                return mismatched.contains(column.programmeCode) ? "\(printed)!" : String(printed)
            }))
        }
        if matrix.columns.contains(where: { matrix.notAssessedCount($0) > 0 }) {
            out.append(pad("Not assessed", nameWidth)
                + cells(matrix.columns.map { String(matrix.notAssessedCount($0)) }))
        }
        out.append("")
        out.append("Y = yes, V = variable, N = no, NA = not assessed. Totals count Y over the mechanisms the paper rates.")
        for discrepancy in matrix.discrepancies {
            out.append("Warning: " + discrepancy.message)
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// One row per programme: code, location, a letter per mechanism, recomputed and printed totals.
enum MatrixCSVRenderer {
    static func render(_ matrix: MechanismMatrix) -> String {
        var writer = CSVWriter()
        writer.addRow(["programme", "location"] + matrix.mechanisms.map(\.id.description)
            + ["recomputed_total", "printed_total"])
        for column in matrix.columns {
            writer.addRow([column.programmeCode, column.location]
                + matrix.mechanisms.map { matrix.rating(column, $0.id).letter }
                + [String(matrix.recomputedTotal(column)), column.printedTotal.map(String.init) ?? ""])
        }
        return writer.text
    }
}

/// The JSON document: programmes in order, each mechanism's rating, recomputed and printed totals.
public struct MatrixJSONDocument: Codable, Equatable, Sendable {
    public struct MechanismEntry: Codable, Equatable, Sendable {
        public let id: MechanismID
        public let shortName: String
        public let scale: RatingScale
    }
    public struct CellEntry: Codable, Equatable, Sendable {
        public let mechanism: MechanismID
        public let rating: Rating
    }
    public struct ProgrammeEntry: Codable, Equatable, Sendable {
        public let code: String
        public let name: String
        public let location: String
        public let ratings: [CellEntry]
        public let recomputedTotal: Int
        public let printedTotal: Int?
        public let notAssessed: Int
    }

    public let title: String
    public let mechanisms: [MechanismEntry]
    public let programmes: [ProgrammeEntry]
    public let discrepancies: [TotalDiscrepancy]

    public init(_ matrix: MechanismMatrix, title: String) {
        self.title = title
        mechanisms = matrix.mechanisms.map { MechanismEntry(id: $0.id, shortName: $0.shortName, scale: $0.scale) }
        programmes = matrix.columns.map { column in
            ProgrammeEntry(
                code: column.programmeCode, name: column.programmeName, location: column.location,
                ratings: matrix.mechanisms.map { CellEntry(mechanism: $0.id, rating: matrix.rating(column, $0.id)) },
                recomputedTotal: matrix.recomputedTotal(column),
                printedTotal: column.printedTotal,
                notAssessed: matrix.notAssessedCount(column))
        }
        discrepancies = matrix.discrepancies
    }

    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    func encoded() -> String { JSONOutput.render(self) }
}

/// Every JSON output of the CLI: snake_case keys, sorted, indented, with a final newline.
public enum JSONOutput {
    public static func render<T: Encodable>(_ value: T) -> String {
        // Encoding plain strings, numbers and enums cannot fail.
        let data = (try? MatrixJSONDocument.encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
