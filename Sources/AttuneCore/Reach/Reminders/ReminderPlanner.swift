import Foundation

/// One reminder a dyad should receive before one session. `key` identifies it for ever, so
/// planning twice (or by two runners at once) can never make two of it.
public struct PlannedReminder: Equatable, Sendable {
    public let key: String
    public let programmeId: String
    public let sessionId: String
    public let sessionNumber: Int
    public let dyadId: String
    public let daysBefore: Int
    public let dueAt: Date
    public let sessionStartsAt: Date
    public let channel: ReminderChannel
    /// Phone number or email address; empty for a printed list.
    public let address: String
    public let inviter: String
    public let message: String

    public static func key(session: String, dyad: String, daysBefore: Int) -> String {
        "\(session)#\(dyad)#\(daysBefore)"
    }

    /// This reminder's session moved to `day` after she was reminded of it: `message` tells her,
    /// due at `now`, once for each new day (its key names the day).
    public func tellingOfMove(to day: CalendarDate, message: String, at now: Date) -> PlannedReminder {
        PlannedReminder(key: "\(sessionId)#\(dyadId)#moved-\(day)", programmeId: programmeId, sessionId: sessionId, sessionNumber: sessionNumber,
                        dyadId: dyadId, daysBefore: -1, dueAt: now, sessionStartsAt: sessionStartsAt, channel: channel, address: address,
                        inviter: inviter, message: message)
    }
}

/// A dyad the plan could not remind, and why ("no phone number for SMS").
public struct ReminderProblem: Equatable, Sendable, CustomStringConvertible {
    public let dyadId: String
    public let message: String
    public var description: String { "dyad \(dyadId): \(message)" }
}

public struct ReminderPlan: Sendable {
    public let reminders: [PlannedReminder]
    public let problems: [ReminderProblem]
}

/// Plans the reminders of one programme from its sessions and enrolments. Pure: the store
/// keeps the plan in an outbox and the runner decides, with `ReminderDecision`, what to send.
public struct ReminderPlanner: Sendable {
    public let clock: LocalClock

    public init(clock: LocalClock = .london) {
        self.clock = clock
    }

    /// - Parameters:
    ///   - invitations: the programme's invitations; only enrolled dyads are reminded.
    ///   - facilitatorNames: facilitator id to name, for "it's Jo from ..." in the message.
    public func plan(programme: Programme, centreName: String, sessions: [Session], invitations: [Invitation],
                     dyads: [String: Dyad], facilitatorNames: [String: String]) -> ReminderPlan {
        let schedule = programme.reminderSchedule
        let upcoming = sessions.filter { $0.programmeId == programme.id && !$0.cancelled && $0.date != nil }
            .sorted { $0.number < $1.number }
        var reminders: [PlannedReminder] = []
        var problems: [ReminderProblem] = []
        for invitation in invitations where invitation.programmeId == programme.id && invitation.status == .enrolled {
            guard let dyad = dyads[invitation.dyadId] else { continue }
            let channel = dyad.reminderChannel
            guard let address = channel.address(of: dyad) else {
                problems.append(ReminderProblem(dyadId: dyad.id, message: "prefers \(channel.label) reminders but has no \(channel.requiredContact ?? "contact") recorded"))
                continue
            }
            for (position, session) in upcoming.enumerated() {
                let isFirst = position == 0
                let sessionStart = clock.instant(session.date!, programme.sessionStartTime)
                let inviter = Self.inviterName(invitation, session: session, facilitatorNames: facilitatorNames, centreName: centreName)
                for days in (isFirst ? schedule.daysBeforeFirst : schedule.daysBeforeLater).sorted(by: >) {
                    let dueDate = session.date!.adding(days: -days)
                    let message = ReminderMessage.compose(
                        motherName: dyad.motherName, inviter: inviter, centreName: centreName, programmeName: programme.name,
                        isFirst: isFirst, daysBefore: days, when: clock.spoken(session.date!, programme.sessionStartTime),
                        venue: programme.venue)
                    reminders.append(PlannedReminder(
                        key: PlannedReminder.key(session: session.id, dyad: dyad.id, daysBefore: days),
                        programmeId: programme.id, sessionId: session.id, sessionNumber: session.number, dyadId: dyad.id,
                        daysBefore: days, dueAt: clock.instant(dueDate, schedule.sendAt), sessionStartsAt: sessionStart,
                        channel: channel, address: address, inviter: inviter, message: message))
                }
            }
        }
        reminders.sort { ($0.dueAt, $0.sessionNumber, $0.dyadId) < ($1.dueAt, $1.sessionNumber, $1.dyadId) }
        return ReminderPlan(reminders: reminders, problems: problems)
    }

    /// The person a mother knows: whoever invited her, else the session's lead, else the team.
    static func inviterName(_ invitation: Invitation, session: Session, facilitatorNames: [String: String], centreName: String) -> String {
        if let id = invitation.invitedByFacilitatorId, let name = facilitatorNames[id] { return name }
        if let practitioner = invitation.invitedByPractitioner, !practitioner.isEmpty { return practitioner }
        if let lead = session.leadFacilitatorId, let name = facilitatorNames[lead] { return name }
        return "the team at \(centreName)"
    }
}

/// Whether a planned reminder goes now. The rules REDCap's users asked for: never early, never
/// after the session started, never after it was cancelled, never once she withdrew or
/// completed, and only the latest of several reminders that fell due while no runner ran.
public enum ReminderDecision: Equatable, Sendable {
    case send
    case wait
    case skip(String)

    public static func decide(dueAt: Date, sessionStartsAt: Date, now: Date, sessionCancelled: Bool,
                              enrolment: EnrolmentStatus, supersededBy laterDays: Int? = nil) -> ReminderDecision {
        if now < dueAt { return .wait }
        if sessionCancelled { return .skip("the session was cancelled") }
        switch enrolment {
        case .enrolled: break
        case .withdrawn: return .skip("she withdrew from the programme")
        case .completed: return .skip("she has completed the programme")
        case .declined: return .skip("she declined the place")
        case .invited: return .skip("she has not taken up the place yet")
        case .waiting: return .skip("she is on the waiting list")
        }
        if now >= sessionStartsAt { return .skip("the session has already started") }
        if let laterDays { return .skip("superseded by the reminder \(laterDays) day\(laterDays == 1 ? "" : "s") before, also due") }
        return .send
    }
}
