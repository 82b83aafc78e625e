import AttuneCore
import Foundation
import Testing
@testable import AttuneHTML

@Suite("SVG charts")
struct SVGChartTests {
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
}
