import Foundation

/// A follow-up recorded for a missed opportunity: who did what, when.
public struct FollowUpAction: Codable, Equatable, Sendable {
    public let dyadId: String
    public let programmeId: String
    public let action: String
    public let recordedBy: String
    public let recordedAt: Date

    public init(dyadId: String, programmeId: String, action: String, recordedBy: String, recordedAt: Date) {
        self.dyadId = dyadId
        self.programmeId = programmeId
        self.action = action
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// A reminder as the outbox recorded it, for a dyad's history.
public struct ReminderHistoryEntry: Codable, Equatable, Sendable {
    public let sessionId: String
    public let channel: ReminderChannel
    public let dueAt: Date
    public let status: String
    public let note: String?

    public init(sessionId: String, channel: ReminderChannel, dueAt: Date, status: String, note: String?) {
        self.sessionId = sessionId
        self.channel = channel
        self.dueAt = dueAt
        self.status = status
        self.note = note
    }
}

/// A mother of high need who was invited or said yes, and never came or dropped out: the
/// paper's missed opportunity, with what is known of how she was invited and reminded.
public struct MissedOpportunity: Sendable {
    public let journey: DyadJourney
    public let needSummary: String
    /// The reasons she gave for the sessions she missed, each once.
    public let absenceReasons: [String]
    public let reminders: [ReminderHistoryEntry]
    public let followUps: [FollowUpAction]

    public var dyadId: String { journey.invitation.dyadId }
    public var programmeId: String { journey.invitation.programmeId }
    public var what: String {
        if journey.attended == 0 {
            return journey.invitation.consented ? "said yes and never came" : "invited and never came (\(journey.invitation.status.rawValue))"
        }
        return "came to \(journey.attended) of \(journey.sessionsHeld) sessions and dropped out"
    }

    /// Every high-need dyad who never attended or dropped out, in programme order.
    public static func list(reach: ReachAnalysis, needs: [String: NeedAssessment],
                            reminders: [String: [ReminderHistoryEntry]] = [:],
                            followUps: [String: [FollowUpAction]] = [:]) -> [MissedOpportunity] {
        reach.journeys.filter { $0.need == .high && $0.sessionsHeld > 0 && ($0.attended == 0 || $0.droppedOut) }.map { journey in
            let key = "\(journey.invitation.dyadId)#\(journey.invitation.programmeId)"
            return MissedOpportunity(journey: journey, needSummary: needs[journey.invitation.dyadId]?.summary ?? "high",
                                     absenceReasons: Set(reach.absences(of: journey).compactMap(\.absenceReason)).sorted(),
                                     reminders: reminders[key] ?? [], followUps: followUps[key] ?? [])
        }
    }
}

/// A missed opportunity as a list shows it (the dashboard): who, where, what happened, her need
/// in words, and whether anyone has followed her up yet.
public struct MissedOpportunitySummary: Equatable, Sendable {
    public let dyadId: String
    public let programmeId: String
    public let what: String
    public let needSummary: String
    public let followedUp: Bool

    public init(dyadId: String, programmeId: String, what: String, needSummary: String, followedUp: Bool) {
        self.dyadId = dyadId
        self.programmeId = programmeId
        self.what = what
        self.needSummary = needSummary
        self.followedUp = followedUp
    }
}
