import AttuneCore
import FluentKit
import Foundation

/// Managers' decisions on suggested actions (`ActionPlan`): adopted with an owner and a due
/// date, or declined with a reason, then followed to done. Each kept whole as JSON, keyed by
/// programme and suggestion; the status beside it for the dashboard's question.
public enum ActionStore {
    static let table = "action_plans"

    /// Adopts or declines a suggestion of `programme` (its first decision), checked
    /// (`FormProblems` by field), in one transaction, logged. The ratings its mechanisms had when
    /// it was suggested are kept with an adopted action.
    @discardableResult
    public static func decide(_ suggestion: SuggestedAction, status: ActionPlan.Status, action: String, owner: String?, dueDate: CalendarDate?,
                              reason: String?, by user: String, now: Date, on database: any Database) async throws -> ActionPlan {
        try await database.writeTransaction { db in
            guard let centre = try await centre(ofProgramme: suggestion.programmeId, on: db) else { throw FormProblems("action", ["action": "No programme has the code \(suggestion.programmeId)."]) }
            let plan = ActionPlan(id: UUID().uuidString, programmeId: suggestion.programmeId, centreId: centre, ruleId: suggestion.ruleId,
                                  mechanisms: suggestion.mechanisms, gapText: suggestion.gapText,
                                  action: action.trimmingCharacters(in: .whitespacesAndNewlines), status: status,
                                  owner: owner?.trimmingCharacters(in: .whitespacesAndNewlines), dueDate: dueDate,
                                  reason: reason?.trimmingCharacters(in: .whitespacesAndNewlines), decidedBy: user, decidedAt: now,
                                  ratingsAtAdoption: status == .declined ? [] : suggestion.ratings)
            let problems = plan.problems(today: CalendarDate.today(at: now))
            guard problems.isEmpty else { throw FormProblems("action", problems) }
            let taken = try await RawSQL.rows("SELECT 1 FROM \(RawSQL.quoted(table)) WHERE \"programme\" = ? AND \"rule_id\" = ?",
                                              [.text(plan.programmeId), .text(plan.ruleId)], on: db) { _ in true }
            guard taken.isEmpty else { throw FormProblems("action", ["action": "This suggestion was already decided; change it in the action plan."]) }
            try await RawSQL.insert(into: table, columns: ["id", "programme", "centre", "rule_id", "plan", "status"],
                                    rows: [[.uuid(UUID(uuidString: plan.id)), .text(plan.programmeId), .text(centre), .text(plan.ruleId),
                                            .text(try encoded(plan)), .text(plan.status.rawValue)]], on: db)
            try await ActivityLog.record(.create, kind: "action", code: "\(plan.programmeId) \(plan.ruleId)", programme: plan.programmeId,
                                         summary: "\(status == .declined ? "Declined" : "Adopted") the action \(plan.ruleId) for \(plan.programmeId)",
                                         by: user, at: now, on: db)
            return plan
        }
    }

    /// Moves an adopted action on (in progress, done), or changes its owner or due date.
    public static func update(id: String, status: ActionPlan.Status, owner: String?, dueDate: CalendarDate?, centres: Set<String>?,
                              by user: String, now: Date, on database: any Database) async throws {
        try await database.writeTransaction { db in
            guard var plan = try await plans(centres: centres, on: db).first(where: { $0.id == id }), plan.status != .declined else {
                throw FormProblems("action", ["status": "No open action has that id in your centres."])
            }
            guard status != .declined else { throw FormProblems("action", ["status": "An adopted action is moved on or done, not declined."]) }
            let before = plan.status
            plan.status = status
            if let owner { plan.owner = owner.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let dueDate { plan.dueDate = dueDate }
            var problems = plan.problems(today: CalendarDate.today(at: now))
            problems["due_date"] = plan.dueDate == nil ? problems["due_date"] : nil
            guard problems.isEmpty else { throw FormProblems("action", problems) }
            try await RawSQL.execute("UPDATE \(RawSQL.quoted(table)) SET \"plan\" = ?, \"status\" = ? WHERE \"id\" = ?",
                                     [.text(try encoded(plan)), .text(plan.status.rawValue), .uuid(UUID(uuidString: id))], on: db)
            try await ActivityLog.record(.change, kind: "action", code: "\(plan.programmeId) \(plan.ruleId)", programme: plan.programmeId,
                                         summary: "Action \(plan.ruleId) for \(plan.programmeId): \(before.label) → \(plan.status.label)", by: user, at: now, on: db)
        }
    }

    /// The suggestions for the programmes of `centres` (all when nil) that no one has decided
    /// on yet, from an evaluation of them under `rubric` (their stored profiles) and their
    /// missed opportunities not yet followed up.
    public static func openSuggestions(centres: Set<String>?, rules: ActionRules, rubric: Rubric,
                                       on database: any Database) async throws -> [SuggestedAction] {
        let document = try await EvidenceStore.load(centres: centres, on: database)
        let stored = try await ProfileStore.storedProfiles(rubric: rubric, programmes: Set(document.programmes.map(\.id)),
                                                           includingEvidence: false, on: database)
        let evaluation = Evaluation(title: "Actions", document: document, rubric: rubric, stored: stored)
        let missed = try await ProfileStore.missedOpportunities(centres: centres, limit: nil, on: database).shown
        let notFollowedUp = Dictionary(grouping: missed.filter { !$0.followedUp }, by: \.programmeId).mapValues(\.count)
        let decided = Set(try await plans(centres: centres, on: database).map { "\($0.programmeId) \($0.ruleId)" })
        return ActionSuggestions.suggest(evaluation: evaluation, document: document, missed: notFollowedUp, rules: rules)
            .filter { !decided.contains("\($0.programmeId) \($0.ruleId)") }
    }

    /// The code of the centre running the programme `code`, if there is one.
    public static func centre(ofProgramme code: String, on database: any Database) async throws -> String? {
        try await RawSQL.rows("SELECT \"c\".\"code\" FROM \"programmes\" AS \"p\" JOIN \"centres\" AS \"c\" ON \"c\".\"id\" = \"p\".\"centre_id\" WHERE \"p\".\"code\" = ?",
                              [.text(code)], on: database) { $0.text(0) ?? "" }.first
    }

    /// Every decision of the programmes of `centres` (all when nil), by programme then suggestion.
    public static func plans(centres: Set<String>?, onlyOpen: Bool = false, on database: any Database) async throws -> [ActionPlan] {
        var conditions: [String] = [], binds: [SQLValue] = []
        if let centres {
            guard !centres.isEmpty else { return [] }
            conditions.append("\"centre\" IN (\(RawSQL.placeholders(centres.count)))")
            binds += centres.sorted().map { .text($0) }
        }
        if onlyOpen { conditions.append("\"status\" IN ('adopted', 'in_progress')") }
        let sql = "SELECT \"plan\" FROM \(RawSQL.quoted(table))" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
        let decoder = JSONDecoder()
        return try await RawSQL.rows(sql, binds, on: database) { try decoder.decode(ActionPlan.self, from: Data(($0.text(0) ?? "").utf8)) }
            .sorted { ($0.programmeId, $0.ruleId) < ($1.programmeId, $1.ruleId) }
    }

    private static func encoded(_ plan: ActionPlan) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(plan), as: UTF8.self)
    }
}
