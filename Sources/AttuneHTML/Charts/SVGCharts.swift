import AttuneCore
import Foundation

/// The report's other charts, as inline SVG with a title and a description for screen readers.
public enum SVGCharts {
    /// Programmes across, mechanisms down; each cell coloured and lettered.
    public static func heatmap(_ matrix: MechanismMatrix, titleID: String) -> SafeHTML {
        // Columns as wide as their longest code needs (about 8 px a character), so that no two
        // headers run into each other ("A-NOW" beside "A1").
        let cell = 30, labelWidth = 270, top = 24
        let columnWidth = max(cell, (matrix.columns.map(\.programmeCode.count).max() ?? 0) * 8 + 8)
        let width = labelWidth + columnWidth * matrix.columns.count + 10
        let height = top + cell * matrix.mechanisms.count + 10
        let colours: [Rating: (String, String)] = [.yes: ("#d3f0dd", "#0b5a31"), .variable: ("#fdebc2", "#6d4200"),
                                                   .no: ("#f8dcdc", "#8a1c1c"), .notAssessed: ("#eceff3", "#3f4a56")]
        var parts = [open(width: width, height: height, titleID: titleID,
                          description: "Ratings of \(matrix.mechanisms.count) mechanisms in \(matrix.columns.count) programmes; the table below gives every cell.")]
        for (x, column) in matrix.columns.enumerated() {
            parts.append(#"<text x="\#(labelWidth + x * columnWidth + columnWidth / 2)" y="16" text-anchor="middle" class="axis">\#(column.programmeCode)</text>"#)
        }
        for (y, mechanism) in matrix.mechanisms.enumerated() {
            let rowY = top + y * cell
            parts.append(#"<text x="\#(labelWidth - 8)" y="\#(rowY + cell / 2 + 4)" text-anchor="end" class="axis">\#("\(mechanism.id) \(mechanism.shortName)")</text>"#)
            for (x, column) in matrix.columns.enumerated() {
                let rating = matrix.rating(column, mechanism.id)
                let (fill, ink) = colours[rating]!
                let cellX = labelWidth + x * columnWidth
                parts.append(#"<rect x="\#(cellX + 1)" y="\#(rowY + 1)" width="\#(columnWidth - 2)" height="\#(cell - 2)" fill="\#(fill)"/>"#)
                parts.append(#"<text x="\#(cellX + columnWidth / 2)" y="\#(rowY + cell / 2 + 5)" text-anchor="middle" fill="\#(ink)" font-weight="700">\#(rating.letter)</text>"#)
            }
        }
        parts.append("</svg>")
        return SafeHTML.join(parts, separator: "\n")
    }

    /// A square matrix of counts (how often two mechanisms are coded together): each cell
    /// shaded by its count against the largest, and numbered. Labels are mechanism ids, a few
    /// characters each, so that the column headers never run into each other.
    public static func countMatrix(labels: [String], counts: [[Int]], titleID: String, description: String) -> SafeHTML {
        let cell = 36, left = 48, top = 24
        let width = left + cell * labels.count + 10, height = top + cell * labels.count + 10
        let largest = max(1, counts.joined().max() ?? 1)
        var parts = [open(width: width, height: height, titleID: titleID, description: description)]
        for (x, label) in labels.enumerated() {
            parts.append(#"<text x="\#(left + x * cell + cell / 2)" y="16" text-anchor="middle" class="axis">\#(label)</text>"#)
        }
        for (y, label) in labels.enumerated() {
            let rowY = top + y * cell
            parts.append(#"<text x="\#(left - 8)" y="\#(rowY + cell / 2 + 4)" text-anchor="end" class="axis">\#(label)</text>"#)
            for x in labels.indices {
                let count = counts[y][x]
                // From near white to a mid teal, light enough at its darkest for the page's dark
                // ink (which stylesheets set on every chart's text) to stay readable on it.
                let share = Double(count) / Double(largest)
                let fill = count == 0 ? "#f4f6f8" : "rgb(\(Int(222 - 116 * share)), \(Int(238 - 68 * share)), \(Int(240 - 58 * share)))"
                parts.append(#"<rect x="\#(left + x * cell + 1)" y="\#(rowY + 1)" width="\#(cell - 2)" height="\#(cell - 2)" fill="\#(fill)"/>"#)
                parts.append(#"<text x="\#(left + x * cell + cell / 2)" y="\#(rowY + cell / 2 + 5)" text-anchor="middle">\#(count)</text>"#)
            }
        }
        parts.append("</svg>")
        return SafeHTML.join(parts, separator: "\n")
    }

    /// One closed audit cycle on the trend chart.
    public struct CyclePoint: Sendable {
        public let label: String
        public let meanTotal: Double?
        public let correlation: Double?
        public init(label: String, meanTotal: Double?, correlation: Double?) {
            self.label = label
            self.meanTotal = meanTotal
            self.correlation = correlation
        }
    }

    /// The audit cycles left to right, in two panels on fixed scales: the mean mechanism total
    /// (0-14) above, the need-versus-provision correlation (-1 to 1) below, each point labelled
    /// with its value. Each cycle has a column as wide as its name needs (about 7 px a
    /// character), so that no two names run into each other.
    public static func cycleTrend(_ points: [CyclePoint], titleID: String) -> SafeHTML {
        let left = 64, column = max(110, (points.map(\.label.count).max() ?? 0) * 7 + 16)
        let panel = 110, gap = 46, top = 28
        // Wide enough for the panels' titles, however few the cycles.
        let width = max(left + column * points.count + 10, left + 300), height = top + panel * 2 + gap + 40
        func x(_ index: Int) -> Int { left + column * index + column / 2 }
        var parts = [open(width: width, height: height, titleID: titleID,
                          description: "Mean mechanism total and need-versus-provision correlation of \(points.count) audit cycles; the table below gives every value.")]
        func drawPanel(_ y0: Int, _ title: String, _ range: ClosedRange<Double>, _ value: (CyclePoint) -> Double?, digits: Int) {
            func y(_ v: Double) -> Double { Double(y0) + Double(panel) * (range.upperBound - v) / (range.upperBound - range.lowerBound) }
            parts.append(#"<text x="\#(left)" y="\#(y0 - 10)" class="axis">\#(title)</text>"#)
            parts.append(#"<rect x="\#(left)" y="\#(y0)" width="\#(column * points.count)" height="\#(panel)" class="frame"/>"#)
            for tick in [range.lowerBound, (range.lowerBound + range.upperBound) / 2, range.upperBound] {
                parts.append(#"<text x="\#(left - 8)" y="\#(NumberText.number(y(tick) + 4))" text-anchor="end" class="tick">\#(NumberText.number(tick))</text>"#)
            }
            var previous: (Int, Double)?
            for (index, point) in points.enumerated() {
                guard let v = value(point) else { previous = nil; continue }
                if let (px, pv) = previous {
                    parts.append(#"<line x1="\#(px)" y1="\#(NumberText.number(y(pv)))" x2="\#(x(index))" y2="\#(NumberText.number(y(v)))" class="trend-line"/>"#)
                }
                parts.append(#"<circle cx="\#(x(index))" cy="\#(NumberText.number(y(v)))" r="5" class="point"/>"#)
                // Above the point, or below it at the panel's top edge.
                let labelY = y(v) - 9 < Double(y0) + 10 ? y(v) + 18 : y(v) - 9
                parts.append(#"<text x="\#(x(index))" y="\#(NumberText.number(labelY))" text-anchor="middle" class="label">\#(NumberText.number(v, digits: digits))</text>"#)
                previous = (x(index), v)
            }
        }
        drawPanel(top, "Mean mechanism total (of 14)", 0...14, \.meanTotal, digits: 1)
        drawPanel(top + panel + gap, "Need against provision (Spearman's rho)", -1...1, \.correlation, digits: 2)
        for (index, point) in points.enumerated() {
            parts.append(#"<text x="\#(x(index))" y="\#(height - 12)" text-anchor="middle" class="axis">\#(point.label)</text>"#)
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
        // Each label right of its point, or left of it where the label (about 6.5 px a
        // character) would run past the chart's edge; 7 px above it. Labels whose extents
        // across the chart overlap are then set at least `scatterLabelSpacing` apart up the
        // chart (`spread`), so no two are printed over each other; a label moved off its point
        // is joined to it by a thin line.
        let placed = merged.map { point -> (x: Double, fitsRight: Bool, from: Double, to: Double) in
            let labelWidth = Double(point.label.count) * 6.5
            let fitsRight = px(point.x) + 9 + labelWidth <= Double(width)
            let x = fitsRight ? px(point.x) + 9 : px(point.x) - 9
            return (x, fitsRight, fitsRight ? x : x - labelWidth, fitsRight ? x + labelWidth : x)
        }
        var labelY = merged.map { py($0.y) - 7 }
        for group in overlapping(placed.map { $0.from...$0.to }) where group.count > 1 {
            // (More labels in one column than the chart's height holds 13 px apart: as far apart as it allows.)
            let bounds = Double(top + 11)...Double(height - bottom)
            let spacing = min(Double(scatterLabelSpacing), (bounds.upperBound - bounds.lowerBound) / Double(group.count - 1))
            let moved = spread(group.map { labelY[$0] }, spacing: spacing, within: bounds)
            for (index, y) in zip(group, moved) { labelY[index] = y }
        }
        for (index, point) in merged.enumerated() {
            let (cx, cy) = (px(point.x), py(point.y))
            parts.append(#"<circle cx="\#(NumberText.number(cx))" cy="\#(NumberText.number(cy))" r="6" class="point"/>"#)
            let label = placed[index]
            if abs(labelY[index] - (cy - 7)) > 4 {
                parts.append(#"<line x1="\#(NumberText.number(cx))" y1="\#(NumberText.number(cy))" x2="\#(NumberText.number(label.x))" y2="\#(NumberText.number(labelY[index] - 4))" class="leader"/>"#)
            }
            parts.append(#"<text x="\#(NumberText.number(label.x))" y="\#(NumberText.number(labelY[index]))"\#(label.fitsRight ? "" : SafeHTML(#" text-anchor="end""#)) class="label">\#(point.label)</text>"#)
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

    /// The least distance between two value labels of a slope chart, in pixels: their text is
    /// 11 px high, so labels closer than this are printed over each other.
    public static let slopeLabelSpacing = 14

    /// Before -> after lines, one per programme, with each value labelled at the line's ends.
    /// No label is printed over another: programmes showing the same value share one label
    /// ("A5, A6 11"), labels of close values are pushed apart around where they belong, and the
    /// chart grows taller when a side has more labels than its usual height holds.
    public static func slopes(_ slopes: [Slope], range: ClosedRange<Double>, valueLabel: String, titleID: String) -> SafeHTML {
        let top = 24, bottom = 34, right = 110, lineWidth = 200
        func shown(_ value: Double) -> String { NumberText.number(value, digits: 1) }
        let beforeLabels = sharedLabels(slopes.map { (shown($0.before), $0.before, $0.label) }) { ids, value in ids.joined(separator: ", ") + " " + value }
        let afterLabels = sharedLabels(slopes.map { (shown($0.after), $0.after, $0.label) }) { _, value in value }
        let spacing = slopeLabelSpacing
        // The usual 300 px tall, taller when a side has more labels than that holds.
        let plotHeight = max(300 - top - bottom, (max(beforeLabels.count, afterLabels.count) - 1) * spacing)
        let height = top + plotHeight + bottom
        // Wide enough on the left for the longest label at about 6.5 px a character (11 px text).
        let left = max(110, (beforeLabels.map(\.text.count).max() ?? 0) * 13 / 2 + 16)
        let width = left + lineWidth + right
        func py(_ y: Double) -> Double { Double(top) + Double(plotHeight) - (y - range.lowerBound) / (range.upperBound - range.lowerBound) * Double(plotHeight) }
        // A label's baseline sits 4 px under its value, so that the text is centred on the line's end.
        let baselines = Double(top + 4)...Double(top + plotHeight + 4)
        func placed(_ labels: [(text: String, value: Double)]) -> [(text: String, y: Int)] {
            let ys = spread(labels.map { (py($0.value) + 4).rounded() }, spacing: Double(spacing), within: baselines)
            return zip(labels, ys).map { ($0.text, Int($1)) }
        }
        let description = "\(valueLabel) before and after: " + slopes.map { "\($0.label) \(shown($0.before)) to \(shown($0.after))" }.joined(separator: "; ")
        var parts = [open(width: width, height: height, titleID: titleID, description: description)]
        parts.append(#"<text x="\#(left)" y="\#(height - 10)" text-anchor="middle" class="axis">before</text>"#)
        parts.append(#"<text x="\#(width - right)" y="\#(height - 10)" text-anchor="middle" class="axis">after</text>"#)
        parts.append(#"<line x1="\#(left)" x2="\#(left)" y1="\#(top)" y2="\#(height - bottom)" class="frame"/>"#)
        parts.append(#"<line x1="\#(width - right)" x2="\#(width - right)" y1="\#(top)" y2="\#(height - bottom)" class="frame"/>"#)
        for slope in slopes {
            parts.append(#"<line x1="\#(left)" y1="\#(NumberText.number(py(slope.before)))" x2="\#(width - right)" y2="\#(NumberText.number(py(slope.after)))" class="\#(slope.after > slope.before ? "up" : "down")"/>"#)
        }
        for label in placed(beforeLabels) {
            parts.append(#"<text x="\#(left - 8)" y="\#(label.y)" text-anchor="end" class="label">\#(label.text)</text>"#)
        }
        for label in placed(afterLabels) {
            parts.append(#"<text x="\#(width - right + 8)" y="\#(label.y)" class="label">\#(label.text)</text>"#)
        }
        parts.append("</svg>")
        return SafeHTML.join(parts, separator: "\n")
    }

    /// One label per value shown, in the order the values first come: the programmes showing it
    /// (`label` is given their ids and the value shown) and where it belongs (the first's value).
    static func sharedLabels(_ values: [(shown: String, value: Double, id: String)],
                             label: ([String], String) -> String) -> [(text: String, value: Double)] {
        var order: [String] = [], byShown: [String: (ids: [String], value: Double)] = [:]
        for entry in values {
            if byShown[entry.shown] == nil {
                order.append(entry.shown)
                byShown[entry.shown] = ([], entry.value)
            }
            byShown[entry.shown]!.ids.append(entry.id)
        }
        return order.map { shown in (label(byShown[shown]!.ids, shown), byShown[shown]!.value) }
    }

    /// The least distance up the chart between two scatter labels that share some width.
    public static let scatterLabelSpacing = 13

    /// The indices of `extents` in groups whose members overlap, each directly or through
    /// others of its group; a group's indices in ascending order.
    static func overlapping(_ extents: [ClosedRange<Double>]) -> [[Int]] {
        let order = extents.indices.sorted { extents[$0].lowerBound < extents[$1].lowerBound }
        var groups: [[Int]] = []
        var reach = -Double.infinity
        for index in order {
            if extents[index].lowerBound <= reach, !groups.isEmpty { groups[groups.count - 1].append(index) } else { groups.append([index]) }
            reach = max(reach, extents[index].upperBound)
        }
        return groups.map { $0.sorted() }
    }

    /// Positions for labels that belong at `wanted`, in the order given, moved as little as this
    /// simple rule allows so that any two are at least `spacing` apart and all stay within
    /// `bounds`: labels too close form a run, set `spacing` apart and centred on where its labels
    /// belong. `bounds` must hold them all ((count - 1) * spacing at most its length). Given whole
    /// pixels, the positions are whole pixels.
    static func spread(_ wanted: [Double], spacing: Double, within bounds: ClosedRange<Double>) -> [Double] {
        let order = wanted.indices.sorted { wanted[$0] < wanted[$1] }
        // Each run: its first label's place in `order`, how many labels it has, and the first's position.
        var runs: [(first: Int, count: Int, start: Double)] = []
        func start(_ first: Int, _ count: Int) -> Double {
            let centre = order[first..<(first + count)].map { wanted[$0] }.reduce(0, +) / Double(count)
            let span = Double(count - 1) * spacing
            return min(max((centre - span / 2).rounded(), bounds.lowerBound), bounds.upperBound - span)
        }
        for position in order.indices {
            runs.append((position, 1, start(position, 1)))
            // Joining two runs can move the joined one up into the run before it: join again.
            while runs.count > 1 {
                let last = runs[runs.count - 1], previous = runs[runs.count - 2]
                guard previous.start + Double(previous.count) * spacing > last.start else { break }
                runs.removeLast(2)
                runs.append((previous.first, previous.count + last.count, start(previous.first, previous.count + last.count)))
            }
        }
        var positions = wanted
        for run in runs {
            for offset in 0..<run.count { positions[order[run.first + offset]] = run.start + Double(offset) * spacing }
        }
        return positions
    }

    /// An SVG chart's opening tag, labelled by the heading `titleID` and described in words.
    public static func open(width: Int, height: Int, titleID: String, description: String) -> SafeHTML {
        #"<svg class="chart" role="img" width="\#(width)" height="\#(height)" viewBox="0 0 \#(width) \#(height)" aria-labelledby="\#(titleID) \#(titleID)-desc"><desc id="\#(titleID)-desc">\#(description)</desc>"#
    }
}
