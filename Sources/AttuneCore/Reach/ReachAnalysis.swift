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

    /// Counts for one scope, added to journey by journey; every level and mode is listed, zeros
    /// included, so tables line up across scopes.
    struct Tally {
        var total = ReachCounts()
        var byNeed = [ReachCounts](repeating: ReachCounts(), count: NeedLevel.allCases.count)
        var byMode = [ReachCounts](repeating: ReachCounts(), count: InvitationMode.allCases.count)

        mutating func add(_ journey: DyadJourney, need: Int, mode: Int) {
            total.add(journey)
            byNeed[need].add(journey)
            byMode[mode].add(journey)
        }

        func breakdown(_ scope: Scope, id: String?) -> ReachBreakdown {
            ReachBreakdown(scope: scope, id: id, total: total,
                           byNeed: zip(NeedLevel.allCases, byNeed).map { NeedRow(need: $0, counts: $1) },
                           byMode: zip(InvitationMode.allCases, byMode).map { ModeRow(mode: $0, counts: $1) })
        }
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
    let index: EvidenceIndex

    /// - Parameter keepingJourneys: false when only the counts are wanted (the national
    ///   evaluation): the journeys, a copy of every invitation, are then left empty.
    public init(index: EvidenceIndex, need: [String: NeedLevel], completionShare: Double = ReachAnalysis.defaultCompletionShare,
                keepingJourneys: Bool = true) {
        self.index = index
        self.completionShare = completionShare
        let needPosition = Dictionary(uniqueKeysWithValues: NeedLevel.allCases.enumerated().map { ($1, $0) })
        let modePosition = Dictionary(uniqueKeysWithValues: InvitationMode.allCases.enumerated().map { ($1, $0) })
        var journeys: [DyadJourney] = []
        if keepingJourneys { journeys.reserveCapacity(index.document.invitations.count) }
        var programmeTallies: [ReachBreakdown.Tally] = []
        programmeTallies.reserveCapacity(index.document.programmes.count)
        let centrePosition = Dictionary(index.document.centres.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var centreTallies = [ReachBreakdown.Tally](repeating: .init(), count: index.document.centres.count)
        var overall = ReachBreakdown.Tally()
        for programme in index.document.programmes {
            let registers = (index.sessionsByProgramme[programme.id] ?? []).lazy.filter { !$0.cancelled }
                .compactMap { index.attendanceBySession[$0.id] }.filter { !$0.isEmpty }
            let held = Array(registers)
            var tally = ReachBreakdown.Tally()
            let centre = centrePosition[programme.centreId]
            for invitation in index.invitationsByProgramme[programme.id] ?? [] {
                // A programme has a handful of sessions and dyads: scanning its registers is
                // cheaper than hashing every attendance row.
                var count = 0
                for register in held {
                    for entry in register where entry.dyadId == invitation.dyadId && entry.status.attended { count += 1 }
                }
                let completed = invitation.status == .completed
                    || (!held.isEmpty && Double(count) + 1e-9 >= completionShare * Double(held.count))
                let level = need[invitation.dyadId] ?? .unknown
                let journey = DyadJourney(invitation: invitation, sessionsHeld: held.count, attended: count, completed: completed, need: level)
                let (needAt, modeAt) = (needPosition[level]!, modePosition[invitation.mode]!)
                tally.add(journey, need: needAt, mode: modeAt)
                if let centre { centreTallies[centre].add(journey, need: needAt, mode: modeAt) }
                overall.add(journey, need: needAt, mode: modeAt)
                if keepingJourneys { journeys.append(journey) }
            }
            programmeTallies.append(tally)
        }
        self.journeys = journeys
        programmes = zip(index.document.programmes, programmeTallies).map { $1.breakdown(.programme, id: $0.id) }
        centres = zip(index.document.centres, centreTallies).map { $1.breakdown(.centre, id: $0.id) }
        self.overall = overall.breakdown(.all, id: nil)
    }

    /// The sessions held that she missed, with the reasons given; read only when shown.
    public func absences(of journey: DyadJourney) -> [Attendance] {
        (index.sessionsByProgramme[journey.invitation.programmeId] ?? []).filter { !$0.cancelled }.flatMap { session in
            (index.attendanceBySession[session.id] ?? []).filter { $0.dyadId == journey.invitation.dyadId && !$0.status.attended }
        }
    }
}
