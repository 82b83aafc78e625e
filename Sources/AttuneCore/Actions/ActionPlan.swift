import Foundation

/// A manager's decision on a suggested action (`SuggestedAction`): adopted (with an owner, a
/// due date and a status) or declined with a reason. An adopted action remembers the ratings
/// of its mechanisms when it was adopted, so that a later audit cycle shows whether they moved.
public struct ActionPlan: Codable, Equatable, Sendable {
    public enum Status: String, Codable, CaseIterable, Sendable {
        case adopted
        case inProgress = "in_progress"
        case done
        case declined

        public var label: String {
            switch self {
            case .adopted: "Adopted"
            case .inProgress: "In progress"
            case .done: "Done"
            case .declined: "Declined"
            }
        }

        /// Still to be done: on the dashboard.
        public var isOpen: Bool { self == .adopted || self == .inProgress }
    }

    public var id: String
    public var programmeId: String
    public var centreId: String
    public var ruleId: String
    public var mechanisms: [MechanismID]
    public var gapText: String
    /// The suggestion's words, or the manager's own.
    public var action: String
    public var status: Status
    public var owner: String?
    public var dueDate: CalendarDate?
    /// Why it was declined.
    public var reason: String?
    public var decidedBy: String
    public var decidedAt: Date
    /// Each mechanism's rating when the action was adopted.
    public var ratingsAtAdoption: [Entry]

    public struct Entry: Codable, Equatable, Sendable {
        public let mechanism: MechanismID
        public let rating: Rating
        public init(mechanism: MechanismID, rating: Rating) {
            self.mechanism = mechanism
            self.rating = rating
        }
    }

    public init(id: String, programmeId: String, centreId: String, ruleId: String, mechanisms: [MechanismID], gapText: String, action: String,
                status: Status, owner: String? = nil, dueDate: CalendarDate? = nil, reason: String? = nil, decidedBy: String, decidedAt: Date,
                ratingsAtAdoption: [Entry] = []) {
        self.id = id
        self.programmeId = programmeId
        self.centreId = centreId
        self.ruleId = ruleId
        self.mechanisms = mechanisms
        self.gapText = gapText
        self.action = action
        self.status = status
        self.owner = owner
        self.dueDate = dueDate
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.ratingsAtAdoption = ratingsAtAdoption
    }

    /// Problems with a decision, by form field: an adopted action needs its words, an owner and a
    /// due date not before `today`; a declined one a reason.
    public func problems(today: CalendarDate) -> [String: String] {
        var problems: [String: String] = [:]
        switch status {
        case .declined:
            if (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).count < 3 { problems["reason"] = "say why it is declined" }
            else if let problem = FreeText.problem(reason ?? "") { problems["reason"] = problem }
        case .adopted, .inProgress, .done:
            let words = action.trimmingCharacters(in: .whitespacesAndNewlines)
            if words.isEmpty { problems["action"] = "say what will be done" } else if let problem = FreeText.problem(words) { problems["action"] = problem }
            let owner = (self.owner ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if owner.isEmpty || owner.count > 100 { problems["owner"] = "name who owns it (1-100 characters)" }
            if let due = dueDate {
                if status == .adopted && due < today { problems["due_date"] = "\(due) is before today (\(today)); give a date from today on" }
            } else {
                problems["due_date"] = "give a due date, YYYY-MM-DD"
            }
        }
        return problems
    }

    /// What an evaluator may see: the suggestion's own words and the status, never what a
    /// manager typed (the action's own words, the owner, a reason).
    public func withholdingFreeText(rules: ActionRules) -> ActionPlan {
        var copy = self
        copy.action = rules.rule(ruleId)?.action ?? EvidenceDocument.withheld
        copy.owner = owner == nil ? nil : EvidenceDocument.withheld
        copy.reason = reason == nil ? nil : EvidenceDocument.withheld
        copy.decidedBy = EvidenceDocument.withheld
        return copy
    }

    /// Whether its mechanisms' ratings moved, by the latest audit cycle closed after it was
    /// adopted that holds its programme; nil before such a cycle (or for an action with no
    /// mechanism, or a declined one).
    public func outcome(cycles: [AuditCycle]) -> Outcome? {
        guard status != .declined, !ratingsAtAdoption.isEmpty,
              let cycle = cycles.filter({ $0.closedAt > decidedAt }).max(by: { $0.closedAt < $1.closedAt }),
              let profile = cycle.profiles.first(where: { $0.programmeId == programmeId }) else { return nil }
        let moves = ratingsAtAdoption.compactMap { before -> Outcome.Move? in
            profile.entry(before.mechanism).map { Outcome.Move(mechanism: before.mechanism, before: before.rating, after: $0.rating) }
        }
        return Outcome(cycle: cycle.name, moves: moves)
    }

    public struct Outcome: Equatable, Sendable {
        public struct Move: Equatable, Sendable {
            public let mechanism: MechanismID
            public let before: Rating
            public let after: Rating
            public var moved: Bool { before != after }
        }

        public let cycle: String
        public let moves: [Move]

        public var anyMoved: Bool { moves.contains { $0.moved } }

        /// "M11 no -> yes; M14 no (unchanged), by Spring term 2027".
        public var words: String {
            moves.map { $0.moved ? "\($0.mechanism) \($0.before.word) → \($0.after.word)" : "\($0.mechanism) \($0.after.word) (unchanged)" }
                .joined(separator: "; ") + ", by \(cycle)"
        }
    }
}
