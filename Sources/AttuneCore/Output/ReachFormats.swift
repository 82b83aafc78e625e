import Foundation

/// `attune reach` and `attune missed` as text for people and JSON for machines.
public enum ReachFormats {
    public static func text(_ report: ReachReport) -> String {
        var lines: [String] = []
        if report.reconstructed { lines.append("RECONSTRUCTED DATA (not observed): reach of the study dataset") }
        lines.append("Completion: attending at least \(percent(report.analysis.completionShare)) of the sessions held.")
        lines.append("")
        let header = pad("", 22) + pad("invited", 9) + pad("consented", 11) + pad("came once", 11) + pad("completed", 11)
            + pad("never came", 12) + pad("enrolment", 11) + "attrition"
        func row(_ label: String, _ counts: ReachCounts) -> String {
            pad(label, 22) + pad("\(counts.invited)", 9) + pad("\(counts.consented)", 11) + pad("\(counts.attendedOnce)", 11)
                + pad("\(counts.completed)", 11) + pad("\(counts.consentedNeverAttended)", 12)
                + pad(counts.enrolmentRate.map(percent) ?? "-", 11) + (counts.attritionRate.map(percent) ?? "-")
        }
        func block(_ title: String, _ breakdown: ReachBreakdown) {
            lines.append(title)
            lines.append(header)
            lines.append(row("all", breakdown.total))
            for need in breakdown.byNeed where need.counts.invited > 0 { lines.append(row("  need: \(need.need.rawValue)", need.counts)) }
            for mode in breakdown.byMode where mode.counts.invited > 0 { lines.append(row("  \(mode.mode.rawValue)", mode.counts)) }
            lines.append("")
        }
        block("All programmes", report.analysis.overall)
        for centre in report.analysis.centres { block("Centre \(centre.id ?? "?")", centre) }
        for programme in report.analysis.programmes { block("Programme \(programme.id ?? "?")", programme) }
        lines.append(contentsOf: missedText(report))
        return lines.joined(separator: "\n") + "\n"
    }

    public static func missedText(_ report: ReachReport) -> [String] {
        var lines = ["Missed opportunities (high need, never came or dropped out): \(report.missed.count)"]
        let clock = LocalClock.london
        for missed in report.missed {
            let invitation = missed.journey.invitation
            let inviter = report.inviter(of: invitation) ?? "nobody named"
            lines.append("- \(missed.dyadId) in \(missed.programmeId): \(missed.what). \(missed.needSummary)")
            lines.append("    invited \(invitation.mode.rawValue) by \(inviter)\(invitation.date.map { " on \($0)" } ?? ""); status \(invitation.status.rawValue)"
                         + (invitation.closedReason.map { " (\($0))" } ?? ""))
            let reasons = missed.absenceReasons
            if !reasons.isEmpty { lines.append("    absent because: \(reasons.joined(separator: "; "))") }
            for reminder in missed.reminders {
                lines.append("    reminder for \(reminder.sessionId) by \(reminder.channel.label), due \(clock.stamp(reminder.dueAt)): \(reminder.status)"
                             + (reminder.note.map { " (\($0))" } ?? ""))
            }
            if missed.reminders.isEmpty { lines.append("    no reminders recorded") }
            for action in missed.followUps {
                lines.append("    follow-up \(clock.stamp(action.recordedAt)) by \(action.recordedBy): \(action.action)")
            }
            if missed.followUps.isEmpty { lines.append("    no follow-up recorded yet") }
        }
        return lines
    }

    /// Every figure of the text form.
    public static func json(_ report: ReachReport) throws -> String {
        struct MissedJSON: Encodable {
            let dyad, programme, what, need: String
            let invitationMode, invitationStatus: String
            let invitedBy: String?
            let closedReason: String?
            let attended, sessionsHeld: Int
            let absenceReasons: [String]
            let reminders: [ReminderHistoryEntry]
            let followUps: [FollowUpAction]
        }
        struct Document: Encodable {
            let reconstructed: Bool
            let completionShare: Double
            let overall: ReachBreakdown
            let centres: [ReachBreakdown]
            let programmes: [ReachBreakdown]
            let missedOpportunities: [MissedJSON]
        }
        let missed = report.missed.map { item in
            MissedJSON(dyad: item.dyadId, programme: item.programmeId, what: item.what, need: item.needSummary,
                       invitationMode: item.journey.invitation.mode.rawValue, invitationStatus: item.journey.invitation.status.rawValue,
                       invitedBy: report.inviter(of: item.journey.invitation),
                       closedReason: item.journey.invitation.closedReason, attended: item.journey.attended,
                       sessionsHeld: item.journey.sessionsHeld,
                       absenceReasons: item.absenceReasons,
                       reminders: item.reminders, followUps: item.followUps)
        }
        let document = Document(reconstructed: report.reconstructed, completionShare: report.analysis.completionShare,
                                overall: report.analysis.overall, centres: report.analysis.centres,
                                programmes: report.analysis.programmes, missedOpportunities: missed)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    static func percent(_ value: Double) -> String { String(format: "%.0f%%", value * 100) }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
