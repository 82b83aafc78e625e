import Foundation

/// A horizontal bar chart as inline SVG, drawn on the server. Labelled by the heading whose
/// id it is given, and with a text description listing every value for screen readers.
public struct SVGBarChart: Sendable {
    public struct Bar: Sendable {
        public let label: String
        public let value: Int
        public init(label: String, value: Int) {
            self.label = label
            self.value = value
        }
    }

    public let titleID: String
    public let bars: [Bar]
    public let maximum: Int
    public let valueDescription: String

    public init(titleID: String, bars: [Bar], maximum: Int, valueDescription: String) {
        self.titleID = titleID
        self.bars = bars
        self.maximum = maximum
        self.valueDescription = valueDescription
    }

    private let rowHeight = 28
    /// Wide enough for the longest label at about 7.5 px a character.
    private var labelWidth: Int { max(56, (bars.map(\.label.count).max() ?? 0) * 15 / 2 + 16) }
    private let plotWidth = 480
    private let valueWidth = 40

    public var svg: SafeHTML {
        let height = rowHeight * bars.count + 28
        let width = labelWidth + plotWidth + valueWidth
        let scale = Double(plotWidth) / Double(max(maximum, 1))
        let description = bars.map { "\($0.label): \($0.value)" }.joined(separator: ", ")
        var parts: [SafeHTML] = []
        parts.append(#"<svg class="chart bar-chart" role="img" viewBox="0 0 \#(width) \#(height)" aria-labelledby="\#(titleID) chart-desc-\#(titleID)">"#)
        parts.append(#"<desc id="chart-desc-\#(titleID)">Out of \#(maximum) \#(valueDescription): \#(description).</desc>"#)
        for tick in stride(from: 0, through: maximum, by: max(1, maximum / 7)) {
            let x = labelWidth + Int(Double(tick) * scale)
            parts.append(#"<line class="grid" x1="\#(x)" x2="\#(x)" y1="0" y2="\#(rowHeight * bars.count)"/>"#)
            parts.append(#"<text class="tick" x="\#(x)" y="\#(rowHeight * bars.count + 18)" text-anchor="middle">\#(tick)</text>"#)
        }
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight
            let barWidth = Int((Double(bar.value) * scale).rounded())
            parts.append(#"<text class="label" x="\#(labelWidth - 10)" y="\#(y + rowHeight / 2 + 5)" text-anchor="end">\#(bar.label)</text>"#)
            parts.append(#"<rect class="bar" x="\#(labelWidth)" y="\#(y + 5)" width="\#(barWidth)" height="\#(rowHeight - 10)" rx="3"/>"#)
            parts.append(#"<text class="value" x="\#(labelWidth + barWidth + 8)" y="\#(y + rowHeight / 2 + 5)">\#(bar.value)</text>"#)
        }
        parts.append("</svg>")
        return SafeHTML.join(parts, separator: "\n")
    }
}
