import Testing
@testable import AttuneCore

@Suite("The paper's Table 1")
struct PublishedTable1Tests {
    /// Transcribed from Underdown & Barlow (2011), Table 1, independently of the shipped CSV:
    /// one string per mechanism, one letter per programme A1..C8.
    static let paper: [String] = [
        "YYYYYYYN", // M1
        "VVVVNVVN", // M2
        "NYNNNNYY", // M3
        "YYNYNYYN", // M4
        "VVNVNYYY", // M5
        "VYVVNYYY", // M6
        "YYNYNNYN", // M7
        "YYYYYYNY", // M8
        "YYNYNYYY", // M9
        "VVNVNYYY", // M10
        "NNNNNNYY", // M11
        "NNNVNNYY", // M12
        "NNNNNNYY", // M13
        "NNNNNNYY", // M14
    ]
    static let codes = ["A1", "A2", "A3", "A4", "A5", "A6", "B7", "C8"]
    static let printedTotals = [5, 7, 2, 5, 2, 7, 11, 10]

    @Test("loads with exactly the published cells")
    func cells() throws {
        let matrix = try PublishedTable1.load()
        #expect(matrix.columns.map(\.programmeCode) == Self.codes)
        #expect(matrix.mechanisms.map(\.id) == (1...14).map(MechanismID.init))
        for (row, letters) in Self.paper.enumerated() {
            for (index, letter) in letters.enumerated() {
                let rating = matrix.rating(matrix.columns[index], MechanismID(row + 1))
                #expect(rating.letter == String(letter), "M\(row + 1) \(Self.codes[index])")
            }
        }
    }

    @Test("keeps the printed totals as printed")
    func printed() throws {
        let matrix = try PublishedTable1.load()
        #expect(matrix.columns.map(\.printedTotal) == Self.printedTotals)
    }

    @Test("recomputes totals as the count of yes: A1..C8 = 5, 7, 2, 5, 2, 7, 12, 10")
    func totals() throws {
        let matrix = try PublishedTable1.load()
        #expect(matrix.columns.map { matrix.recomputedTotal($0) } == [5, 7, 2, 5, 2, 7, 12, 10])
        #expect(matrix.columns.allSatisfy { matrix.notAssessedCount($0) == 0 })
    }

    @Test("reports B7, printed 11 with 12 yes in its column, and nothing else")
    func discrepancy() throws {
        let matrix = try PublishedTable1.load()
        #expect(matrix.discrepancies == [TotalDiscrepancy(programmeCode: "B7", printedTotal: 11, recomputedTotal: 12)])
        #expect(matrix.discrepancies[0].message.contains("11"))
        #expect(matrix.discrepancies[0].message.contains("12"))
    }

    @Test("locations: six programmes at A and one each at B and C")
    func locations() throws {
        let matrix = try PublishedTable1.load()
        #expect(matrix.columns.filter { $0.location == "A" }.count == 6)
        #expect(matrix.columns.map(\.location).suffix(2) == ["B", "C"])
    }

    @Test("a missing cell is not assessed and does not count as no")
    func missingCell() throws {
        let matrix = try MechanismMatrix(
            mechanisms: MechanismCatalogue.rated,
            columns: [.init(programmeCode: "X1", programmeName: "X1", location: "X",
                            ratings: [MechanismID(1): .yes, MechanismID(2): .no])])
        let column = matrix.columns[0]
        #expect(matrix.rating(column, MechanismID(3)) == .notAssessed)
        #expect(matrix.recomputedTotal(column) == 1)
        #expect(matrix.notAssessedCount(column) == 12)
        #expect(matrix.count(of: .no, for: MechanismID(2)) == 1)
    }

    @Test("refuses variable for a yes/no mechanism, naming programme and mechanism")
    func variableOnYesNo() {
        let csv = "mechanism,P1\nM3,V\n"
        #expect {
            try PublishedTable1.parse(csv: csv)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("P1") && text.contains("M3") && text.contains("yes / no")
        }
    }

    @Test("refuses malformed tables with the line and field named",
          arguments: [
            ("mechanism,P1\nM1,Q\n", "Line 2"),
            ("mechanism,P1,P2\nM1,Y\n", "Line 2"),
            ("mechanism,P1\nM99,Y\n", "M99"),
            ("mechanism,P1\nM1,Y\nM1,N\n", "appears twice"),
            ("mechanism,P1\nM1,Y\ntotal,many\n", "many"),
            ("programme,P1\nM1,Y\n", "first row"),
            ("mechanism,P1,P1\nM1,Y,Y\n", "appears twice"),
          ])
    func malformed(csv: String, expected: String) {
        #expect {
            try PublishedTable1.parse(csv: csv)
        } throws: { error in
            String(describing: error).contains(expected)
        }
    }
}
