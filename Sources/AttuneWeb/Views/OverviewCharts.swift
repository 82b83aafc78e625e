import AttuneCore
import AttuneHTML

/// The overview's charts as inline SVG, each labelled by its section's heading and described in
/// words for screen readers; the numbers are in a table beside each. Every label is Attune's
/// own (mechanism names, numbers) and escaped all the same, by the templates.
enum OverviewCharts {
    private static let colours: [(Rating, fill: String, label: String)] = [
        (.yes, "#2e7d4f", "Yes"), (.variable, "#d99a1e", "Variable"), (.no, "#b3261e", "No"), (.notAssessed, "#9aa4ae", "Not assessed"),
    ]

    /// One bar a mechanism, split into how many programmes rate it yes, variable, no and not assessed.
    static func mechanismBars(_ counts: [ProvisionOverview.MechanismCounts], titleID: String) -> SafeHTML {
        let labelWidth = 280, plotWidth = 440, row = 26, top = 34
        let width = labelWidth + plotWidth + 10, height = top + row * counts.count + 8
        let total = max(1, counts.first.map { $0.yes + $0.variable + $0.no + $0.notAssessed } ?? 1)
        let description = counts.map { "\($0.mechanism.id): \($0.yes) yes, \($0.variable) variable, \($0.no) no, \($0.notAssessed) not assessed" }
            .joined(separator: "; ")
        var parts = [SVGCharts.open(width: width, height: height, titleID: titleID, description: "Of \(total) programmes. \(description).")]
        // The key, across the top, each entry at a fixed place so that none overlaps the next.
        for (index, colour) in colours.enumerated() {
            let x = labelWidth + index * 110
            parts.append(#"<rect x="\#(x)" y="8" width="12" height="12" fill="\#(colour.fill)"/><text x="\#(x + 17)" y="18" class="axis">\#(colour.label)</text>"#)
        }
        for (index, mechanism) in counts.enumerated() {
            let y = top + index * row
            parts.append(#"<text x="\#(labelWidth - 8)" y="\#(y + 16)" text-anchor="end" class="axis">\#("\(mechanism.mechanism.id) \(mechanism.mechanism.shortName)")</text>"#)
            var x = Double(labelWidth)
            for (rating, fill, _) in colours {
                let value = switch rating { case .yes: mechanism.yes; case .variable: mechanism.variable; case .no: mechanism.no; case .notAssessed: mechanism.notAssessed }
                let length = Double(plotWidth) * Double(value) / Double(total)
                if length > 0 {
                    parts.append(#"<rect x="\#(NumberText.number(x, digits: 1))" y="\#(y + 3)" width="\#(NumberText.number(length, digits: 1))" height="\#(row - 8)" fill="\#(fill)"/>"#)
                }
                x += length
            }
        }
        parts.append("</svg>")
        return SafeHTML.join(parts, separator: "\n")
    }

    /// "0-9%", ..., "90-100%": a tenth of the high-need share.
    static func tenthLabel(_ tenth: Int) -> String { tenth == 9 ? "90-100%" : "\(tenth * 10)-\(tenth * 10 + 9)%" }

    /// Programmes by total (up) and tenth of high-need share (across), each cell shaded by how
    /// many there are and labelled with the number.
    static func needGrid(_ grid: [[Int]], titleID: String) -> SafeHTML {
        let cellWidth = 64, cellHeight = 24, left = 70, top = 10, bottom = 48
        let columns = grid.first?.count ?? 10
        let width = left + cellWidth * columns + 10, height = top + cellHeight * grid.count + bottom
        let largest = max(1, grid.flatMap { $0 }.max() ?? 1), shade = "#1f5f8b"
        let started = grid.flatMap { $0 }.reduce(0, +)
        var parts = [SVGCharts.open(width: width, height: height, titleID: titleID,
                          description: "\(started) started programmes by mechanism total and share of high-need mothers enrolled; the table below gives every cell.")]
        for (rowIndex, total) in grid.indices.reversed().enumerated() {
            let y = top + rowIndex * cellHeight
            parts.append(#"<text x="\#(left - 8)" y="\#(y + 16)" text-anchor="end" class="axis">\#(total)</text>"#)
            for tenth in 0..<columns {
                let count = grid[total][tenth], x = left + tenth * cellWidth
                let opacity = count == 0 ? 0.0 : 0.12 + 0.88 * Double(count) / Double(largest)
                parts.append(#"<rect x="\#(x + 1)" y="\#(y + 1)" width="\#(cellWidth - 2)" height="\#(cellHeight - 2)" fill="\#(shade)" fill-opacity="\#(NumberText.number(opacity, digits: 2))"/>"#)
                if count > 0 {
                    let ink = opacity > 0.55 ? "#ffffff" : "#14202b"
                    parts.append(#"<text x="\#(x + cellWidth / 2)" y="\#(y + 16)" text-anchor="middle" fill="\#(ink)">\#(count)</text>"#)
                }
            }
        }
        let axisY = top + cellHeight * grid.count
        for tenth in 0..<columns {
            parts.append(#"<text x="\#(left + tenth * cellWidth + cellWidth / 2)" y="\#(axisY + 16)" text-anchor="middle" class="axis">\#(tenthLabel(tenth))</text>"#)
        }
        parts.append(#"<text x="\#(left + cellWidth * columns / 2)" y="\#(axisY + 38)" text-anchor="middle" class="axis">Share of the mothers enrolled who are in high need</text>"#)
        parts.append(#"<text x="14" y="\#(top + cellHeight * grid.count / 2)" text-anchor="middle" class="axis" transform="rotate(-90 14 \#(top + cellHeight * grid.count / 2))">Mechanism total</text>"#)
        parts.append("</svg>")
        return SafeHTML.join(parts, separator: "\n")
    }
}
