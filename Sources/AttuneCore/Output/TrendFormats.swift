import Foundation

/// `attune trend` as text, JSON and CSV.
public enum TrendFormats {
    public static func text(_ trend: Trend) -> String {
        guard !trend.points.isEmpty else { return "No audit cycle is closed yet: attune cycle close --name \"Autumn term 2026\".\n" }
        var lines = ["Mechanism totals by audit cycle (mean yes of M1-M14 per programme; provisional programmes left out):"]
        for point in trend.points {
            var line = "  \(point.cycle): \(point.meanTotal.map { NumberText.number($0, digits: 1) } ?? "–") over \(point.programmes) programme\(point.programmes == 1 ? "" : "s")"
            if let r = point.correlation { line += "; need against provision rho \(NumberText.number(r))" }
            lines.append(line)
        }
        lines.append("")
        if trend.changes.isEmpty {
            lines.append(trend.points.count < 2 ? "Close a second cycle to see which ratings changed." : "No rating changed between cycles.")
        } else {
            lines.append("Ratings that changed:")
            for change in trend.changes {
                lines.append("  \(change.programmeId) \(change.mechanism), \(change.fromCycle) -> \(change.toCycle): \(change.before.rating.word) -> \(change.after.rating.word)")
                lines.append("    before: \(change.before.explanation)")
                lines.append("    after:  \(change.after.explanation)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ trend: Trend) -> String {
        struct Point: Encodable { let cycle: String; let programmes: Int; let meanTotal: Double?; let correlation: Double? }
        struct Change: Encodable {
            let programme, centre, mechanism, fromCycle, toCycle, before, after, beforeExplanation, afterExplanation: String
        }
        struct JSON: Encodable { let cycles: [Point]; let changes: [Change] }
        let value = JSON(cycles: trend.points.map { Point(cycle: $0.cycle, programmes: $0.programmes, meanTotal: $0.meanTotal, correlation: $0.correlation) },
                         changes: trend.changes.map {
                             Change(programme: $0.programmeId, centre: $0.centreId, mechanism: $0.mechanism.description, fromCycle: $0.fromCycle,
                                    toCycle: $0.toCycle, before: $0.before.rating.rawValue, after: $0.after.rating.rawValue,
                                    beforeExplanation: $0.before.explanation, afterExplanation: $0.after.explanation)
                         })
        return JSONOutput.render(value)
    }

    /// The changes, one a row (the totals are in the text and JSON).
    public static func csv(_ trend: Trend) -> String {
        var csv = CSVWriter()
        csv.addRow(["programme", "centre", "mechanism", "from_cycle", "to_cycle", "before", "after", "before_explanation", "after_explanation"])
        for change in trend.changes {
            csv.addRow([change.programmeId, change.centreId, change.mechanism.description, change.fromCycle, change.toCycle,
                        change.before.rating.rawValue, change.after.rating.rawValue, change.before.explanation, change.after.explanation])
        }
        return csv.text
    }
}
