import Foundation
import Testing
@testable import AttuneCore

@Suite("Matrix output formats")
struct MatrixFormatTests {
    let matrix = try! PublishedTable1.load()

    @Test("JSON: programmes in order, each mechanism's rating, recomputed and printed totals")
    func json() throws {
        let text = MatrixFormat.json.render(matrix, title: "T")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let programmes = try #require(object["programmes"] as? [[String: Any]])
        #expect(programmes.map { $0["code"] as? String } == PublishedTable1Tests.codes)
        let b7 = programmes[6]
        #expect(b7["recomputed_total"] as? Int == 12)
        #expect(b7["printed_total"] as? Int == 11)
        let ratings = try #require(b7["ratings"] as? [[String: String]])
        #expect(ratings.map { $0["mechanism"] } == (1...14).map { "M\($0)" })
        #expect(ratings[7]["rating"] == "no") // B7 has no social time (M8)
        let c8 = try #require(programmes[7]["ratings"] as? [[String: String]])
        #expect(c8[0]["rating"] == "no")
        #expect(programmes[0]["recomputed_total"] as? Int == 5)
        let discrepancies = try #require(object["discrepancies"] as? [[String: Any]])
        #expect(discrepancies.count == 1)
        #expect(discrepancies[0]["programme_code"] as? String == "B7")
    }

    @Test("JSON decodes back into the document type")
    func jsonRoundTrip() throws {
        let text = MatrixFormat.json.render(matrix, title: "T")
        let document = try MatrixJSONDocument.decoder.decode(MatrixJSONDocument.self, from: Data(text.utf8))
        #expect(document.programmes.map(\.recomputedTotal) == [5, 7, 2, 5, 2, 7, 12, 10])
        #expect(document.mechanisms.count == 14)
    }

    @Test("CSV: a header and one row per programme with letters and both totals")
    func csv() {
        let lines = MatrixFormat.csv.render(matrix, title: "T").split(separator: "\r\n").map(String.init)
        #expect(lines.count == 9)
        #expect(lines[0] == "programme,location," + (1...14).map { "M\($0)" }.joined(separator: ",") + ",recomputed_total,printed_total")
        // Transcribed from the paper: B7's column, then 12 recomputed and 11 printed.
        #expect(lines[7] == "B7,B,Y,V,Y,Y,Y,Y,Y,N,Y,Y,Y,Y,Y,Y,12,11")
        #expect(lines[1] == "A1,A,Y,V,N,Y,V,V,Y,Y,Y,V,N,N,N,N,5,5")
    }

    @Test("text: every programme, the recomputed totals and a warning for B7")
    func text() {
        let output = MatrixFormat.text.render(matrix, title: "Table 1")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Table 1")
        let header = lines.first { $0.hasPrefix("Mechanism") } ?? ""
        for code in PublishedTable1Tests.codes { #expect(header.contains(code)) }
        let totals = lines.first { $0.hasPrefix("Total (count of Y") } ?? ""
        #expect(totals.split(separator: " ").suffix(8) == ["5", "7", "2", "5", "2", "7", "12", "10"])
        #expect(lines.contains { $0.hasPrefix("Total as printed") && $0.contains("11!") })
        #expect(lines.filter { $0.hasPrefix("Warning:") }.count == 1)
        #expect(lines.contains { $0.hasPrefix("Warning: B7") })
        #expect(lines.filter { $0.hasPrefix("M") && !$0.hasPrefix("Mechanism") }.count == 14)
    }
}

@Suite("CSV writer")
struct CSVWriterTests {
    @Test("quotes commas, quotes and newlines")
    func quoting() {
        var writer = CSVWriter()
        writer.addRow(["a,b", "say \"hi\"", "two\nlines", "plain"])
        #expect(writer.text == "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",plain\r\n")
    }

    @Test("neutralises cells a spreadsheet would run as a formula", arguments: ["=SUM(A1)", "+1", "-2", "@cmd", "\tx"])
    func formulas(cell: String) {
        var writer = CSVWriter()
        writer.addRow([cell])
        #expect(writer.text.hasPrefix("'") || writer.text.hasPrefix("\"'"))
    }

    @Test("a formula cell that also needs quotes keeps its apostrophe inside the quotes")
    func formulaQuoted() {
        var writer = CSVWriter()
        writer.addRow(["=HYPERLINK(\"x\",1)", "line\u{2028}separator", "é, ü"])
        #expect(writer.text == "\"'=HYPERLINK(\"\"x\"\",1)\",\"line\u{2028}separator\",\"é, ü\"\r\n")
    }
}
