import AttuneCore
import Foundation
import Testing
@testable import AttuneHTML

@Suite("SVG charts")
struct SVGChartTests {
    /// A slope chart's value labels: which side, where (baseline) and what they say.
    struct Label { let before: Bool; let y: Int; let text: String }

    static func labels(in svg: String) throws -> [Label] {
        let pattern = try NSRegularExpression(pattern: #"<text x="\d+" y="(-?\d+)"( text-anchor="end")? class="label">([^<]*)</text>"#)
        return pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { match in
            func group(_ index: Int) -> String? { Range(match.range(at: index), in: svg).map { String(svg[$0]) } }
            return Label(before: group(2) != nil, y: Int(group(1)!)!, text: group(3)!)
        }
    }

    static func height(of svg: String) throws -> Int {
        let viewBox = try Regex(#"viewBox="0 0 \d+ (\d+)""#)
        let match = try #require(svg.firstMatch(of: viewBox))
        let digits = try #require(match.output[1].substring)
        return try #require(Int(digits))
    }

    /// No two labels on one side closer than the spacing, and every label inside the chart,
    /// above the "before" and "after" under the axes.
    static func expectApartAndInside(_ svg: String) throws {
        let labels = try labels(in: svg), height = try height(of: svg)
        for side in [true, false] {
            let ys = labels.filter { $0.before == side }.map(\.y).sorted()
            for (upper, lower) in zip(ys, ys.dropFirst()) {
                #expect(lower - upper >= SVGCharts.slopeLabelSpacing, "labels at \(upper) and \(lower) overlap")
            }
            for y in ys { #expect(y >= 11 && y <= height - 10 - SVGCharts.slopeLabelSpacing, "label at \(y) of \(height)") }
        }
    }

    @Test("slope labels never overlap: equal values share one label, close values are pushed apart")
    func slopeLabelsApart() throws {
        let slopes = [
            SVGCharts.Slope(label: "A5", before: 11, after: 9), SVGCharts.Slope(label: "A6", before: 11, after: 9.02),
            SVGCharts.Slope(label: "A7", before: 11.3, after: 9.4), SVGCharts.Slope(label: "A8", before: 11.6, after: 8.8),
            SVGCharts.Slope(label: "B1", before: 0, after: 30), SVGCharts.Slope(label: "B2", before: 0.2, after: 29.9),
            SVGCharts.Slope(label: "B3", before: 30, after: 0.1),
        ]
        let svg = SVGCharts.slopes(slopes, range: 0...30, valueLabel: "EPDS", titleID: "epds").raw
        let labels = try Self.labels(in: svg)
        #expect(labels.filter(\.before).map(\.text).sorted() == ["A5, A6 11", "A7 11.3", "A8 11.6", "B1 0", "B2 0.2", "B3 30"])
        #expect(labels.filter { !$0.before }.map(\.text).sorted() == ["0.1", "29.9", "30", "8.8", "9", "9.4"])
        try Self.expectApartAndInside(svg)
        // Every programme keeps its line, and the description still names each one.
        #expect(svg.components(separatedBy: #"class="up""#).count - 1 + svg.components(separatedBy: #"class="down""#).count - 1 == slopes.count)
        #expect(svg.contains("EPDS before and after: A5 11 to 9; A6 11 to 9"))
    }

    @Test("a label with room stays at its line's end")
    func labelsWithRoomStay() throws {
        let svg = SVGCharts.slopes([.init(label: "A1", before: 0, after: 14)], range: 0...14, valueLabel: "ITQ", titleID: "itq").raw
        let labels = try Self.labels(in: svg), height = try Self.height(of: svg)
        #expect(labels.first { $0.before }?.y == height - 34 + 4) // the bottom of the axis, 4 px down to centre the text
        #expect(labels.first { !$0.before }?.y == 24 + 4)
    }

    @Test("more labels than the usual height holds make the chart taller, still apart and inside")
    func manyLabelsGrowTheChart() throws {
        let slopes = (0..<40).map { SVGCharts.Slope(label: "P\($0)", before: 10 + Double($0) / 10, after: 10 + Double($0) / 10) }
        let svg = SVGCharts.slopes(slopes, range: 0...30, valueLabel: "EPDS", titleID: "epds").raw
        #expect(try Self.height(of: svg) > 300)
        #expect(try Self.labels(in: svg).count == 80)
        try Self.expectApartAndInside(svg)
    }

    @Test("spreading keeps the order, moves only labels too close, and centres a run where its labels belong")
    func spread() {
        #expect(SVGCharts.spread([100, 50, 200], spacing: 14, within: 0...300) == [100, 50, 200])
        #expect(SVGCharts.spread([100, 100], spacing: 14, within: 0...300) == [93, 107])
        #expect(SVGCharts.spread([0, 0, 0], spacing: 14, within: 0...300) == [0, 14, 28])
        #expect(SVGCharts.spread([300, 299], spacing: 14, within: 0...300) == [300, 286])
        #expect(SVGCharts.spread([50, 60, 70], spacing: 14, within: 0...300) == [46, 60, 74])
    }

    @Test("scatter labels of points close together are never printed over each other, and a moved label is joined to its point")
    func scatterLabelsApart() throws {
        // Three programmes almost at one point, one a little to the right, one far away.
        let points = [SVGCharts.Point(label: "A5", x: 0.50, y: 5.0), SVGCharts.Point(label: "A6", x: 0.51, y: 5.1),
                      SVGCharts.Point(label: "A7", x: 0.52, y: 4.9), SVGCharts.Point(label: "B1", x: 0.53, y: 5.0),
                      SVGCharts.Point(label: "C9", x: 0.1, y: 12)]
        let svg = SVGCharts.scatter(points, xRange: 0...1, yRange: 0...14, xLabel: "x", yLabel: "y", titleID: "t", description: "d").raw
        let pattern = try NSRegularExpression(pattern: #"<text x="([\d.]+)" y="([\d.-]+)"( text-anchor="end")? class="label">([^<]*)</text>"#)
        let boxes = pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { match in
            func group(_ index: Int) -> String { Range(match.range(at: index), in: svg).map { String(svg[$0]) } ?? "" }
            let x = Double(group(1))!, y = Double(group(2))!, extent = Double(group(4).count) * 6.5
            let (left, right) = group(3).isEmpty ? (x, x + extent) : (x - extent, x)
            // A label's text is 11 px high, above its baseline.
            return (text: group(4), left: left, right: right, top: y - 11, bottom: y)
        }
        #expect(boxes.count == 5)
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] {
                let apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top
                #expect(apart, "\(a.text) and \(b.text) overlap")
            }
        }
        #expect(svg.contains("class=\"leader\""))
    }

    @Test("a scatter point near the right edge has its label on its left, inside the chart")
    func scatterLabelsInside() throws {
        let points = [SVGCharts.Point(label: "C17-P0", x: 1, y: 1), SVGCharts.Point(label: "C17-P1", x: 0.5, y: 4)]
        let svg = SVGCharts.scatter(points, xRange: 0...1, yRange: 0...14, xLabel: "x", yLabel: "y", titleID: "t", description: "d").raw
        let pattern = try NSRegularExpression(pattern: #"<text x="([\d.]+)" y="[\d.-]+"( text-anchor="end")? class="label">([^<]*)</text>"#)
        let labels = pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { match in
            func group(_ index: Int) -> String? { Range(match.range(at: index), in: svg).map { String(svg[$0]) } }
            return (x: Double(group(1)!)!, end: group(2) != nil, text: group(3)!)
        }
        #expect(labels.map(\.text) == ["C17-P0", "C17-P1"])
        let width = 520.0
        for label in labels {
            // The text's far edge at about 6.5 px a character.
            let extent = Double(label.text.count) * 6.5
            let (left, right) = label.end ? (label.x - extent, label.x) : (label.x, label.x + extent)
            #expect(left >= 0 && right <= width, "\(label.text) runs from \(left) to \(right) of \(width)")
        }
        #expect(labels[0].end && !labels[1].end)
    }

    @Test("hostile text in a chart is shown only escaped, in text and in attribute values")
    func hostileText() throws {
        let (closing, quote) = (Hostile.closing, Hostile.quote)
        let charts = [
            SVGBarChart(titleID: quote, bars: [.init(label: closing, value: 3), .init(label: quote, value: 1)],
                        maximum: 4, valueDescription: closing).svg,
            SVGCharts.slopes([.init(label: closing, before: 1, after: 2), .init(label: quote, before: 3, after: 1)],
                             range: 0...14, valueLabel: closing, titleID: closing),
            SVGCharts.scatter([.init(label: closing, x: 0.5, y: 3), .init(label: quote, x: 0.2, y: 9)], xRange: 0...1, yRange: 0...14,
                              xLabel: closing, yLabel: quote, titleID: quote, description: closing),
        ]
        let tag = try Regex(#"<([a-z]+)"#)
        for chart in charts.map(\.raw) {
            #expect(!chart.contains("<script"))
            #expect(!chart.contains("'"), "the charts quote attributes with \" only, so a ' is always the text's")
            #expect(chart.contains(Hostile.closingEscaped))
            #expect(chart.contains(Hostile.quoteEscaped))
            // Every element is one of the chart's own.
            let tags = Set(chart.matches(of: tag).map { String($0.output[1].substring!) })
            #expect(tags.isSubset(of: ["svg", "desc", "text", "line", "rect", "circle"]), "\(tags)")
        }
        // In an attribute value: the title's id labels the chart, still inside its quotes.
        #expect(charts[0].raw.contains(#"aria-labelledby="\#(Hostile.quoteEscaped) chart-desc-\#(Hostile.quoteEscaped)""#))
    }

    @Test("the heatmap's column headers never run into each other: each column is as wide as its longest code needs")
    func heatmapHeaders() throws {
        let columns = ["A-NOW", "A1", "OAK-12"].map {
            MechanismMatrix.Column(programmeCode: $0, programmeName: $0, location: "", ratings: [:])
        }
        let svg = SVGCharts.heatmap(try MechanismMatrix(mechanisms: MechanismCatalogue.rated, columns: columns), titleID: "t").description
        let headers = try Regex(#"<text x="(\d+)" y="16" text-anchor="middle" class="axis">([^<]*)</text>"#)
        let centres = svg.matches(of: headers).compactMap { match in match.output[1].substring.flatMap { Int($0) } }
        #expect(centres.count == 3)
        // About 8 px a character: neighbours' centres further apart than half of each of their widths.
        for (left, right) in zip(centres, centres.dropFirst()) {
            #expect(right - left >= 6 * 8 / 2 + 6 * 8 / 2, "headers \(left) and \(right)")
        }
    }
}
