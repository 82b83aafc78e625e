import Foundation

/// The paper's published Table 1, shipped as data (`Resources/table1.csv`) and read into a
/// `MechanismMatrix`. The printed totals are kept only so that disagreements can be reported.
public enum PublishedTable1 {
    public static let citation =
        "Underdown & Barlow (2011), Community Practitioner 84(4):21-6, Table 1"

    /// The table as shipped with Attune.
    public static func load() throws(PublishedTableError) -> MechanismMatrix {
        guard let url = Bundle.module.url(forResource: "table1", withExtension: "csv", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            throw .missingResource
        }
        return try parse(csv: text)
    }

    /// Reads a table in the shipped format: a header `mechanism,A1,...`, one row per mechanism
    /// with Y/V/N letters, and an optional `total` row of printed totals. Lines starting with
    /// `#` are comments.
    public static func parse(csv text: String) throws(PublishedTableError) -> MechanismMatrix {
        let lines = text.split(whereSeparator: \.isNewline).enumerated()
            .map { (number: $0.offset + 1, fields: $0.element.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }) }
            .filter { !($0.fields.first?.hasPrefix("#") ?? true) && $0.fields != [""] }

        guard let header = lines.first, header.fields.first == "mechanism", header.fields.count > 1 else {
            throw .badHeader
        }
        let codes = Array(header.fields.dropFirst())
        var ratings = Array(repeating: [MechanismID: Rating](), count: codes.count)
        var printedTotals: [Int?] = Array(repeating: nil, count: codes.count)
        var rows: [Mechanism] = []

        for line in lines.dropFirst() {
            guard line.fields.count == codes.count + 1 else {
                throw .wrongFieldCount(line: line.number, expected: codes.count + 1, found: line.fields.count)
            }
            let label = line.fields[0]
            let cells = line.fields.dropFirst()
            if label == "total" {
                for (index, cell) in cells.enumerated() {
                    guard let total = Int(cell), total >= 0 else {
                        throw .badTotal(line: line.number, programme: codes[index], value: cell)
                    }
                    printedTotals[index] = total
                }
                continue
            }
            guard let id = MechanismID(label), let mechanism = MechanismCatalogue.mechanism(id) else {
                throw .unknownMechanism(line: line.number, value: label)
            }
            guard !rows.contains(where: { $0.id == id }) else {
                throw .duplicateMechanism(line: line.number, mechanism: id)
            }
            rows.append(mechanism)
            for (index, cell) in cells.enumerated() {
                guard let rating = Rating(letter: cell) else {
                    throw .badRating(line: line.number, programme: codes[index], mechanism: id, value: cell)
                }
                ratings[index][id] = rating
            }
        }

        let columns = codes.indices.map { index in
            MechanismMatrix.Column(
                programmeCode: codes[index],
                programmeName: "Programme \(codes[index])",
                location: String(codes[index].prefix { $0.isLetter }),
                ratings: ratings[index],
                printedTotal: printedTotals[index])
        }
        do {
            return try MechanismMatrix(mechanisms: rows, columns: columns)
        } catch {
            throw .invalidMatrix(error)
        }
    }
}

public enum PublishedTableError: Error, Equatable, CustomStringConvertible {
    case missingResource
    case badHeader
    case wrongFieldCount(line: Int, expected: Int, found: Int)
    case unknownMechanism(line: Int, value: String)
    case duplicateMechanism(line: Int, mechanism: MechanismID)
    case badRating(line: Int, programme: String, mechanism: MechanismID, value: String)
    case badTotal(line: Int, programme: String, value: String)
    case invalidMatrix(MatrixError)

    public var description: String {
        switch self {
        case .missingResource:
            "The published table (table1.csv) is missing from Attune's resources; reinstall Attune."
        case .badHeader:
            "The table's first row must be 'mechanism' followed by the programme codes."
        case .wrongFieldCount(let line, let expected, let found):
            "Line \(line) has \(found) fields; expected \(expected) (a label and one cell per programme)."
        case .unknownMechanism(let line, let value):
            "Line \(line): '\(value)' is not a mechanism; use M1 to M15 or 'total'."
        case .duplicateMechanism(let line, let mechanism):
            "Line \(line): \(mechanism) appears twice."
        case .badRating(let line, let programme, let mechanism, let value):
            "Line \(line), programme \(programme), \(mechanism): '\(value)' is not a rating; use Y, V, N or NA."
        case .badTotal(let line, let programme, let value):
            "Line \(line), programme \(programme): the printed total '\(value)' is not a whole number of 0 or more."
        case .invalidMatrix(let error):
            error.description
        }
    }
}
