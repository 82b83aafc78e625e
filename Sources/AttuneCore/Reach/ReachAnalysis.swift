/// One row of a funnel: how many were invited, said yes, came at least once, and completed.
public struct ReachCounts: Codable, Equatable, Sendable {
    public var invited = 0
    public var consented = 0
    public var declined = 0
    public var withdrawn = 0
    public var attendedOnce = 0
    public var completed = 0

    public init() {}

    /// Consented over invited; nil when nobody was invited.
    public var enrolmentRate: Double? { invited == 0 ? nil : Double(consented) / Double(invited) }
    /// Of those who came at least once, the share who did not complete; nil when nobody came.
    public var attritionRate: Double? { attendedOnce == 0 ? nil : Double(attendedOnce - completed) / Double(attendedOnce) }
    /// Consented but never came: the paper's missed opportunities, before need is considered.
    public var consentedNeverAttended = 0

    mutating func add(_ journey: DyadJourney) {
        invited += 1
        if journey.invitation.consented { consented += 1 }
        if journey.invitation.status == .declined { declined += 1 }
        if journey.invitation.status == .withdrawn { withdrawn += 1 }
        if journey.attended > 0 { attendedOnce += 1 }
        if journey.completed { completed += 1 }
        // Before any session is held nobody can have failed to come.
        if journey.invitation.consented && journey.attended == 0 && journey.sessionsHeld > 0 { consentedNeverAttended += 1 }
    }

    enum CodingKeys: String, CodingKey {
        case invited, consented, declined, withdrawn, attendedOnce, completed, enrolmentRate, attritionRate, consentedNeverAttended
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        invited = try container.decode(Int.self, forKey: .invited)
        consented = try container.decode(Int.self, forKey: .consented)
        declined = try container.decode(Int.self, forKey: .declined)
        withdrawn = try container.decode(Int.self, forKey: .withdrawn)
        attendedOnce = try container.decode(Int.self, forKey: .attendedOnce)
        completed = try container.decode(Int.self, forKey: .completed)
        consentedNeverAttended = try container.decode(Int.self, forKey: .consentedNeverAttended)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(invited, forKey: .invited)
        try container.encode(consented, forKey: .consented)
        try container.encode(declined, forKey: .declined)
        try container.encode(withdrawn, forKey: .withdrawn)
        try container.encode(attendedOnce, forKey: .attendedOnce)
        try container.encode(completed, forKey: .completed)
        try container.encode(consentedNeverAttended, forKey: .consentedNeverAttended)
        try container.encode(enrolmentRate, forKey: .enrolmentRate) // null when not computable
        try container.encode(attritionRate, forKey: .attritionRate)
    }
}

/// One dyad's path through one programme: her invitation, how many of the held sessions she
/// attended, and whether that reaches the completion share.
public struct DyadJourney: Sendable {
    public let invitation: Invitation
    public let sessionsHeld: Int
    public let attended: Int
    public let absences: [Attendance]
    public let completed: Bool
    public let need: NeedLevel

    /// Came at least once but did not complete, or withdrew after coming.
    public var droppedOut: Bool { attended > 0 && !completed }
}

/// A funnel for one scope (a programme, a centre, or everything), broken down by level of need
/// and by invitation mode.
public struct ReachBreakdown: Codable, Equatable, Sendable {
    public enum Scope: String, Codable, Sendable { case programme, centre, all }

    public let scope: Scope
    public let id: String?
    public let total: ReachCounts
    public let byNeed: [NeedRow]
    public let byMode: [ModeRow]

    public struct NeedRow: Codable, Equatable, Sendable {
        public let need: NeedLevel
        public let counts: ReachCounts
    }

    public struct ModeRow: Codable, Equatable, Sendable {
        public let mode: InvitationMode
        public let counts: ReachCounts
    }

    init(scope: Scope, id: String?, journeys: [DyadJourney]) {
        self.scope = scope
        self.id = id
        var total = ReachCounts()
        var byNeed: [NeedLevel: ReachCounts] = [:]
        var byMode: [InvitationMode: ReachCounts] = [:]
        for journey in journeys {
            total.add(journey)
            byNeed[journey.need, default: ReachCounts()].add(journey)
            byMode[journey.invitation.mode, default: ReachCounts()].add(journey)
        }
        self.total = total
        // Every level and mode is listed, zeros included, so tables line up across scopes.
        self.byNeed = NeedLevel.allCases.map { NeedRow(need: $0, counts: byNeed[$0] ?? ReachCounts()) }
        self.byMode = InvitationMode.allCases.map { ModeRow(mode: $0, counts: byMode[$0] ?? ReachCounts()) }
    }
}

/// Who each programme and centre reached. Completion means attending at least
/// `completionShare` of the sessions held: those with a register taken (a session still to
/// come, or cancelled, is not held).
public struct ReachAnalysis: Sendable {
    public static let defaultCompletionShare = 0.75

    public let completionShare: Double
    public let journeys: [DyadJourney]
    public let programmes: [ReachBreakdown]
    public let centres: [ReachBreakdown]
    public let overall: ReachBreakdown

    public init(index: EvidenceIndex, need: [String: NeedLevel], completionShare: Double = ReachAnalysis.defaultCompletionShare) {
        self.completionShare = completionShare
        var journeys: [DyadJourney] = []
        var byProgramme: [String: [DyadJourney]] = [:]
        var byCentre: [String: [DyadJourney]] = [:]
        for programme in index.document.programmes {
            let held = (index.sessionsByProgramme[programme.id] ?? [])
                .filter { !$0.cancelled && !(index.attendanceBySession[$0.id] ?? []).isEmpty }
            var attended: [String: Int] = [:]
            var absences: [String: [Attendance]] = [:]
            for session in held {
                for entry in index.attendanceBySession[session.id] ?? [] {
                    if entry.status.attended { attended[entry.dyadId, default: 0] += 1 } else { absences[entry.dyadId, default: []].append(entry) }
                }
            }
            for invitation in index.invitationsByProgramme[programme.id] ?? [] {
                let count = attended[invitation.dyadId] ?? 0
                let completed = invitation.status == .completed
                    || (!held.isEmpty && Double(count) + 1e-9 >= completionShare * Double(held.count))
                let journey = DyadJourney(invitation: invitation, sessionsHeld: held.count, attended: count,
                                          absences: absences[invitation.dyadId] ?? [], completed: completed,
                                          need: need[invitation.dyadId] ?? .unknown)
                journeys.append(journey)
                byProgramme[programme.id, default: []].append(journey)
                byCentre[programme.centreId, default: []].append(journey)
            }
        }
        self.journeys = journeys
        programmes = index.document.programmes.map { ReachBreakdown(scope: .programme, id: $0.id, journeys: byProgramme[$0.id] ?? []) }
        centres = index.document.centres.map { ReachBreakdown(scope: .centre, id: $0.id, journeys: byCentre[$0.id] ?? []) }
        overall = ReachBreakdown(scope: .all, id: nil, journeys: journeys)
    }
}
