/// Who a user is to Attune. Evaluators read everything in their centres, pseudonymised: they
/// see dyad codes, never names or contact details, and change nothing.
public enum Role: String, CaseIterable, Codable, Sendable {
    case admin
    case manager
    case facilitator
    case evaluator

    public var label: String {
        switch self {
        case .admin: "administrator"
        case .manager: "centre manager"
        case .facilitator: "facilitator"
        case .evaluator: "evaluator"
        }
    }

    /// The whole permission matrix in one place; the web layer asks, never decides.
    public func allows(_ permission: Permission) -> Bool {
        switch permission {
        case .viewProgrammes, .viewEvaluation, .viewDyads:
            true
        case .viewPersonalDetails, .setUpProgrammes, .logSessions, .manageEnrolment, .recordMeasures, .closeAlerts, .recordFollowUps,
             .viewAlerts, .viewReminders, .codeExcerpts:
            self != .evaluator
        case .manageUsers, .searchActivity, .eraseRecords:
            self == .admin
        case .viewRecordActivity, .giveSubjectAccess:
            // Those answerable for a centre's records: who saw a mother's record, and her copy of it.
            self == .admin || self == .manager
        case .exportResearch:
            // Pseudonymised data for analysis: the evaluators', and the administrator's to hand over.
            self == .admin || self == .evaluator
        case .overrideRatings, .closeCycles, .planActions:
            // Not those who run the sessions: a rating is overridden by someone who observes them.
            self == .admin || self == .manager
        }
    }
}

public enum Permission: String, CaseIterable, Sendable {
    case viewProgrammes, viewEvaluation, viewDyads
    case viewPersonalDetails
    case viewAlerts, closeAlerts
    case viewReminders
    /// A new programme and its planned sessions, in the user's centres.
    case setUpProgrammes
    case logSessions, manageEnrolment, recordMeasures, recordFollowUps
    case manageUsers
    /// Close an audit cycle, freezing every programme's profile.
    case closeCycles
    /// Adopt, edit or decline a suggested action, and follow it to done.
    case planActions
    /// Record what mothers and facilitators said and code it to mechanisms (free text, so never
    /// an evaluator's).
    case codeExcerpts
    /// Search the whole activity log (`/admin/activity`).
    case searchActivity
    /// See on a mother's page who viewed or changed her record.
    case viewRecordActivity
    /// Give a mother her record (subject access).
    case giveSubjectAccess
    /// Erase a mother's identifying data for good.
    case eraseRecords
    /// Download the research export (pseudonymised CSVs with their codebook).
    case exportResearch
    /// Replace a derived rating with a written judgement (an observer's override).
    case overrideRatings
}

/// The centres a user may see. Administrators see every centre; everyone else the centres
/// they belong to.
public struct AccessScope: Equatable, Sendable {
    public let role: Role
    public let centres: Set<String>

    public init(role: Role, centres: Set<String>) {
        self.role = role
        self.centres = centres
    }

    /// nil means every centre (an administrator).
    public var centreFilter: Set<String>? { role == .admin ? nil : centres }
}
