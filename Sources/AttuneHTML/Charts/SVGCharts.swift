import AttuneCore
import Foundation

/// The report's other charts, as inline SVG with a title and a description for screen readers.
public enum SVGCharts {
    /// Programmes across, mechanisms down; each cell coloured and lettered.
    public static func heatmap(_ matrix: MechanismMatrix, titleID: String) -> SafeHTML {
        let cell = 30, labelWidth = 270, top = 24
        let width = labelWidth + cell * matrix.columns.count + 10
        let height = top + cell * matrix.mechanisms.count + 10
        let colours: [Rating: (String, String)] = [.yes: ("#d3f0dd", "#0b5a31"), .variable: ("#fdebc2", "#6d4200"),
                                                   .no: ("#f8dcdc", "#8a1c1c"), .notAssessed: ("#eceff3", "#3f4a56")]
        var parts = [open(width: width, height: height, titleID: titleID,
                          description: "Ratings of \(matrix.mechanisms.count) mechanisms in \(matrix.columns.count) programmes; the table below gives every cell.")]
        for (x, column) in matrix.columns.enumerated() {
            parts.append(#"<text x="\#(labelWidth + x * cell + cell / 2)" y="16" text-anchor="middle" class="axis">\#(column.programmeCode)</text>"#)
        }
        for (y, mechanism) in matrix.mechanisms.enumerated() {
            let rowY = top + y * cell
            parts.append(#"<text x="\#(labelWidth - 8)" y="\#(rowY + cell / 2 + 4)" text-anchor="end" class="axis">\#("\(mechanism.id) \(mechanism.shortName)")</text>"#)
            for (x, column) in matrix.columns.enumerated() {
                let rating = matrix.rating(column, mechanism.id)
                let (fill, ink) = colours[rating]!
                let cellX = labelWidth + x * cell
                parts.append(#"<rect x="\#(cellX + 1)" y="\#(rowY + 1)" width="\#(cell - 2)" height="\#(cell - 2)" fill="\#(fill)"/>"#)
                parts.append(#"<text x="\#(cellX + cell / 2)" y="\#(rowY + cell / 2 + 5)" text-anchor="middle" fill="\#(ink)" font-weight="700">\#(rating.letter)</text>"#)
            }
        }
        parts.append("</svg>")
        return SafeHTML.join(parts, separator: "\n")
    }

    public struct Point: Sendable {
        public let label: String
        public let x: Double
        public let y: Double
        public init(label: String, x: Double, y: Double) {
            self.label = label
            self.x = x
            self.y = y
        }
    }

    /// A labelled scatter plot on fixed axis ranges.
    public static func scatter(_ points: [Point], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                               xLabel: String, yLabel: String, titleID: String, description: String) -> SafeHTML {
        let width = 520, height = 340, left = 60, bottom = 50, right = 20, top = 20
        let plotWidth = Double(width - left - right), plotHeight = Double(height - top - bottom)
        func px(_ x: Double) -> Double { Double(left) + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotWidth }
        func py(_ y: Double) -> Double { Double(top) + plotHeight - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plotHeight }
        var parts = [open(width: width, height: height, titleID: titleID, description: description)]
        parts.append(#"<rect x="\#(left)" y="\#(top)" width="\#(Int(plotWidth))" height="\#(Int(plotHeight))" class="frame"/>"#)
        for tick in 0...4 {
            let xValue = xRange.lowerBound + Double(tick) / 4 * (xRange.upperBound - xRange.lowerBound)
            let yValue = yRange.lowerBound + Double(tick) / 4 * (yRange.upperBound - yRange.lowerBound)
            parts.append(#"<text x="\#(NumberText.number(px(xValue)))" y="\#(height - bottom + 16)" text-anchor="middle" class="tick">\#(NumberText.number(xValue))</text>"#)
            parts.append(#"<text x="\#(left - 8)" y="\#(NumberText.number(py(yValue) + 4))" text-anchor="end" class="tick">\#(NumberText.number(yValue))</text>"#)
        }
        parts.append(#"<text x="\#(left + Int(plotWidth) / 2)" y="\#(height - 8)" text-anchor="middle" class="axis">\#(xLabel)</text>"#)
        parts.append(#"<text x="14" y="\#(top + Int(plotHeight) / 2)" text-anchor="middle" class="axis" transform="rotate(-90 14 \#(top + Int(plotHeight) / 2))">\#(yLabel)</text>"#)
        // Programmes at the same point share one marker and one label ("A2, A6").
        var merged: [(label: String, x: Double, y: Double)] = []
        for point in points {
            if let index = merged.firstIndex(where: { $0.x == point.x && $0.y == point.y }) {
                merged[index].label += ", " + point.label
            } else {
                merged.append((point.label, point.x, point.y))
            }
        }
        for point in merged {
            parts.append(#"<circle cx="\#(NumberText.number(px(point.x)))" cy="\#(NumberText.number(py(point.y)))" r="6" class="point"/>"#)
            parts.append(#"<text x="\#(NumberText.number(px(point.x) + 9))" y="\#(NumberText.number(py(point.y) - 7))" class="label">\#(point.label)</text>"#)
        }
        parts.append("</svg>")
        return SafeHTML.join(parts, separator: "\n")
    }

    public struct Slope: Sendable {
        public let label: String
        public let before: Double
        public let after: Double
        public init(label: String, before: Double, after: Double) {
            self.label = label
            self.before = before
            self.after = after
        }
    }

    /// Before -> after lines, one per programme.
    public static func slopes(_ slopes: [Slope], range: ClosedRange<Double>, valueLabel: String, titleID: String) -> SafeHTML {
        let width = 420, height = 300, top = 24, bottom = 34, left = 110, right = 110
        let plotHeight = Double(height - top - bottom)
        func py(_ y: Double) -> Double { Double(top) + plotHeight - (y - range.lowerBound) / (range.upperBound - range.lowerBound) * plotHeight }
        let description = "\(valueLabel) before and after: " + slopes.map { "\($0.label) \(NumberText.number($0.before, digits: 1)) to \(NumberText.number($0.after, digits: 1))" }.joined(separator: "; ")
        var parts = [open(width: width, height: height, titleID: titleID, description: description)]
        parts.append(#"<text x="\#(left)" y="\#(height - 10)" text-anchor="middle" class="axis">before</text>"#)
        parts.append(#"<text x="\#(width - right)" y="\#(height - 10)" text-anchor="middle" class="axis">after</text>"#)
        parts.append(#"<line x1="\#(left)" x2="\#(left)" y1="\#(top)" y2="\#(height - bottom)" class="frame"/>"#)
        parts.append(#"<line x1="\#(width - right)" x2="\#(width - right)" y1="\#(top)" y2="\#(height - bottom)" class="frame"/>"#)
        for slope in slopes {
            let y1 = py(slope.before), y2 = py(slope.after)
            parts.append(#"<line x1="\#(left)" y1="\#(NumberText.number(y1))" x2="\#(width - right)" y2="\#(NumberText.number(y2))" class="\#(slope.after > slope.before ? "up" : "down")"/>"#)
            parts.append(#"<text x="\#(left - 8)" y="\#(NumberText.number(y1 + 4))" text-anchor="end" class="label">\#(slope.label) \#(NumberText.number(slope.before, digits: 1))</text>"#)
            parts.append(#"<text x="\#(width - right + 8)" y="\#(NumberText.number(y2 + 4))" class="label">\#(NumberText.number(slope.after, digits: 1))</text>"#)
        }
        parts.append("</svg>")
        return SafeHTML.join(parts, separator: "\n")
    }

    /// An SVG chart's opening tag, labelled by the heading `titleID` and described in words.
    public static func open(width: Int, height: Int, titleID: String, description: String) -> SafeHTML {
        #"<svg class="chart" role="img" width="\#(width)" height="\#(height)" viewBox="0 0 \#(width) \#(height)" aria-labelledby="\#(titleID) \#(titleID)-desc"><desc id="\#(titleID)-desc">\#(description)</desc>"#
    }
}
