import Foundation

/// Where need and provision do not meet: each programme's mechanism total against the share
/// of high-need mothers it enrolled and reached, the correlation across programmes, and the
/// programmes in the highest-need third that sit in the lowest-provision third.
public struct NeedVersusProvision: Codable, Equatable, Sendable {
    public struct Row: Codable, Equatable, Sendable {
        public let programmeId: String
        public let name: String
        public let centre: String?
        public let deprivationDecile: Int?
        public let mechanismTotal: Int
        public let enrolled: Int
        public let enrolledHighNeed: Int
        public let attending: Int
        public let attendingHighNeed: Int
        public let highNeedShareEnrolled: Computed<Double>
        public let highNeedShareAttending: Computed<Double>
    }

    public let rows: [Row]
    /// Spearman's rho between the high-need share of enrolled mothers and the mechanism total.
    public let correlation: Computed<Correlation>
    /// In the highest-need third and the lowest-provision third: the inverse care law.
    public let inverseCare: [String]
    public let explanation: String

    /// The correlation in words, for the report and the audit.
    public var correlationSentence: String {
        switch correlation {
        case .value(let value):
            "Spearman's rho between the share of high-need mothers enrolled and the mechanism total: \(NumberText.number(value.coefficient)) (n = \(value.n) programmes, \(NumberText.pPhrase(value.p)))."
        case .notComputable(let reason):
            "The need-provision correlation is not computable: \(reason)."
        }
    }

    /// The programmes of `profiles` that have started, with each dyad's level of need by id
    /// (`attune audit --need-versus-provision` reads these from the database).
    public init(profiles: [ProgrammeProfile], index: EvidenceIndex, needByDyad: [String: NeedLevel]) {
        self.init(profiles: Self.started(profiles, index: index), index: index) { needByDyad[$0] }
    }

    /// A programme with no register taken yet (one that has not started) has no provision to
    /// judge: it stays out of need against provision.
    static func started(_ profiles: [ProgrammeProfile], index: EvidenceIndex) -> [ProgrammeProfile] {
        profiles.filter { hasStarted($0.programme.id, index: index) }
    }

    static func hasStarted(_ programme: String, index: EvidenceIndex) -> Bool {
        (index.sessionsByProgramme[programme] ?? []).contains { !(index.attendanceBySession[$0.id] ?? []).isEmpty }
    }

    /// `level(dyad)` is a dyad's level of need by id, nil when not known (say, invited but
    /// never recorded as a dyad).
    init(profiles: [ProgrammeProfile], index: EvidenceIndex, level: @escaping @Sendable (String) -> NeedLevel?) {
        self.init(rows: profiles.map { Row(profile: $0, counts: Self.counts(of: $0.programme.id, index: index, level: level)) })
    }

    /// From each started programme's row (as stored with its profile, `StoredProfile.need`).
    public init(rows: [Row]) {
        self.rows = rows
        correlation = Correlation.spearman(rows.map(\.highNeedShareEnrolled.value), rows.map { Double($0.mechanismTotal) })

        let measured = rows.filter { $0.highNeedShareEnrolled.value != nil }
        let third = Int((Double(measured.count) / 3).rounded(.up))
        let highestNeed = Set(measured.sorted { ($0.highNeedShareEnrolled.value!, $1.programmeId) > ($1.highNeedShareEnrolled.value!, $0.programmeId) }
            .prefix(third).map(\.programmeId))
        let lowestProvision = Set(measured.sorted { ($0.mechanismTotal, $0.programmeId) < ($1.mechanismTotal, $1.programmeId) }
            .prefix(third).map(\.programmeId))
        inverseCare = measured.map(\.programmeId).filter { highestNeed.contains($0) && lowestProvision.contains($0) }
        explanation = inverseCare.isEmpty
            ? "No programme is both in the highest-need third and the lowest-provision third."
            : "\(inverseCare.joined(separator: ", ")): in the highest-need third (share of high-need mothers enrolled) and the lowest-provision third (mechanism total) of \(measured.count) programmes."
    }

    /// Who one programme enrolled and who came to it, by need. A programme invites a group of a
    /// few mothers, so each is found among its invitations by a scan rather than by a set or a
    /// map of every dyad in the country.
    static func counts(of programme: String, index: EvidenceIndex, level: (String) -> NeedLevel?) -> NeedCounts {
        let invitations = index.invitationsByProgramme[programme] ?? []
        // Each dyad once, at her first invitation: a valid document invites her once.
        var enrolled = 0, highEnrolled = 0
        var levels = [NeedLevel?](repeating: nil, count: invitations.count)
        for position in invitations.indices {
            let dyad = invitations[position].dyadId
            guard !invitations[..<position].contains(where: { $0.dyadId == dyad }) else { continue }
            levels[position] = level(dyad)
            enrolled += 1
            if levels[position] == .high { highEnrolled += 1 }
        }
        // Each mother attending once, however many sessions she came to. Those attending
        // were invited (the validator holds to that); any who were not are counted too.
        var attending = 0, highAttending = 0
        var attended = [Bool](repeating: false, count: invitations.count), uninvited: [String] = []
        for session in index.sessionsByProgramme[programme] ?? [] {
            for entry in index.attendanceBySession[session.id] ?? [] where entry.status.attended {
                let entryLevel: NeedLevel?
                if let position = invitations.firstIndex(where: { $0.dyadId == entry.dyadId }) {
                    guard !attended[position] else { continue }
                    attended[position] = true
                    entryLevel = levels[position]
                } else {
                    guard !uninvited.contains(entry.dyadId) else { continue }
                    uninvited.append(entry.dyadId)
                    entryLevel = level(entry.dyadId)
                }
                attending += 1
                if entryLevel == .high { highAttending += 1 }
            }
        }
        return NeedCounts(enrolled: enrolled, enrolledHighNeed: highEnrolled, attending: attending, attendingHighNeed: highAttending)
    }
}

/// Who a programme enrolled and who came, each mother once, and how many of each were in high need.
public struct NeedCounts: Codable, Equatable, Sendable {
    public let enrolled: Int
    public let enrolledHighNeed: Int
    public let attending: Int
    public let attendingHighNeed: Int

    public init(enrolled: Int, enrolledHighNeed: Int, attending: Int, attendingHighNeed: Int) {
        self.enrolled = enrolled
        self.enrolledHighNeed = enrolledHighNeed
        self.attending = attending
        self.attendingHighNeed = attendingHighNeed
    }
}

extension NeedVersusProvision.Row {
    /// A programme's row: its profile's total against its counts.
    public init(profile: ProgrammeProfile, counts: NeedCounts) {
        self.init(programmeId: profile.programme.id, name: profile.programme.name, centre: profile.centre?.name,
                  deprivationDecile: profile.centre?.deprivationDecile, mechanismTotal: profile.total, counts: counts)
    }

    /// A programme's row from its total and counts, the shares worked out from them.
    init(programmeId: String, name: String, centre: String?, deprivationDecile: Int?, mechanismTotal: Int, counts: NeedCounts) {
        func share(_ part: Int, _ whole: Int, _ who: String) -> Computed<Double> {
            whole == 0 ? .notComputable("no \(who) mothers") : .value(Double(part) / Double(whole))
        }
        self.init(programmeId: programmeId, name: name, centre: centre, deprivationDecile: deprivationDecile,
                  mechanismTotal: mechanismTotal, enrolled: counts.enrolled, enrolledHighNeed: counts.enrolledHighNeed,
                  attending: counts.attending, attendingHighNeed: counts.attendingHighNeed,
                  highNeedShareEnrolled: share(counts.enrolledHighNeed, counts.enrolled, "enrolled"),
                  highNeedShareAttending: share(counts.attendingHighNeed, counts.attending, "attending"))
    }
}
