import Foundation

/// `attune actions` as text and JSON: the suggestions not yet decided, and the action plan.
public enum ActionFormats {
    public static func text(suggestions: [SuggestedAction], plans: [ActionPlan], cycles: [AuditCycle]) -> String {
        var lines: [String] = []
        lines.append(suggestions.isEmpty ? "No suggestion is waiting for a decision." : "Suggested, not yet decided (\(suggestions.count)):")
        for suggestion in suggestions {
            lines.append("  \(suggestion.programmeId) [\(suggestion.ruleId)] \(suggestion.action)")
            lines.append("    gap: \(suggestion.gapText)")
        }
        lines.append("")
        lines.append(plans.isEmpty ? "No action is adopted or declined yet." : "Action plan (\(plans.count)):")
        for plan in plans {
            var line = "  \(plan.programmeId) [\(plan.ruleId)] \(plan.status.label): \(plan.action)"
            if plan.status == .declined { line += " (declined: \(plan.reason ?? ""))" } else {
                line += " (owner \(plan.owner ?? "–"), due \(plan.dueDate?.description ?? "–"))"
            }
            lines.append(line)
            if let outcome = plan.outcome(cycles: cycles) { lines.append("    \(outcome.anyMoved ? "moved" : "not moved"): \(outcome.words)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(suggestions: [SuggestedAction], plans: [ActionPlan], cycles: [AuditCycle]) -> String {
        struct Suggestion: Encodable { let programme, rule, gap, gapText, action, why: String; let mechanisms: [String] }
        struct Plan: Encodable {
            let programme, centre, rule, status, action, gapText: String
            let owner, dueDate, reason: String?
            let mechanisms: [String]
            let outcome: Outcome?
        }
        struct Outcome: Encodable { let cycle: String; let moved: Bool; let moves: [Move] }
        struct Move: Encodable { let mechanism, before, after: String }
        struct JSON: Encodable { let suggestions: [Suggestion]; let plans: [Plan] }
        let value = JSON(
            suggestions: suggestions.map { Suggestion(programme: $0.programmeId, rule: $0.ruleId, gap: $0.gap.rawValue, gapText: $0.gapText,
                                                      action: $0.action, why: $0.why, mechanisms: $0.mechanisms.map(\.description)) },
            plans: plans.map { plan in
                let outcome = plan.outcome(cycles: cycles)
                return Plan(programme: plan.programmeId, centre: plan.centreId, rule: plan.ruleId, status: plan.status.rawValue, action: plan.action,
                            gapText: plan.gapText, owner: plan.owner, dueDate: plan.dueDate?.description, reason: plan.reason,
                            mechanisms: plan.mechanisms.map(\.description),
                            outcome: outcome.map { Outcome(cycle: $0.cycle, moved: $0.anyMoved, moves: $0.moves.map {
                                Move(mechanism: $0.mechanism.description, before: $0.before.rawValue, after: $0.after.rawValue)
                            }) })
            })
        return JSONOutput.render(value)
    }
}
