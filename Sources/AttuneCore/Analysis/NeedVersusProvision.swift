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

    /// The programmes of `profiles` that have started, with each dyad's level of need by id
    /// (`attune audit --need-versus-provision` reads these from the database).
    public init(profiles: [ProgrammeProfile], index: EvidenceIndex, needByDyad: [String: NeedLevel]) {
        var dyads = DyadNumbering(capacity: needByDyad.count)
        var need: [NeedLevel?] = []
        need.reserveCapacity(needByDyad.count)
        for (id, level) in needByDyad {
            _ = dyads.number(id)
            need.append(level)
        }
        self.init(profiles: Self.started(profiles, index: index), index: index, dyads: dyads, need: need)
    }

    /// A programme with no register taken yet (one that has not started) has no provision to
    /// judge: it stays out of need against provision.
    static func started(_ profiles: [ProgrammeProfile], index: EvidenceIndex) -> [ProgrammeProfile] {
        profiles.filter { profile in
            (index.sessionsByProgramme[profile.programme.id] ?? []).contains { !(index.attendanceBySession[$0.id] ?? []).isEmpty }
        }
    }

    /// `need` is indexed by dyad number in `dyads`; dyads it does not cover (say, invited but
    /// never recorded as dyads) have no known need.
    init(profiles: [ProgrammeProfile], index: EvidenceIndex, dyads: DyadNumbering, need: [NeedLevel?]) {
        @Sendable func isHigh(_ dyad: Int) -> Bool { dyad < need.count && need[dyad] == .high }
        // In parts at once: each part counts its own programmes, and numbers the dyads that
        // `dyads` does not know on its own, after those it does (they have no known need).
        rows = inParts(profiles) { profiles in
            var enrolledOnce = OncePerProgramme(), attendingOnce = OncePerProgramme()
            var unknown: [String: Int] = [:]
            func dyadNumber(_ dyad: String) -> Int {
                if let number = dyads.existing(dyad) ?? unknown[dyad] { return number }
                unknown[dyad] = dyads.count + unknown.count
                return dyads.count + unknown.count - 1
            }
            return profiles.enumerated().map { position, profile in
                let programme = profile.programme.id
                var enrolled = 0, highEnrolled = 0, attending = 0, highAttending = 0
                let invitedIds = (index.invitationsByProgramme[programme] ?? []).map(\.dyadId)
                let invited = invitedIds.map(dyadNumber)
                for dyad in invited where enrolledOnce.isFirst(dyad, programme: position) {
                    enrolled += 1
                    if isHigh(dyad) { highEnrolled += 1 }
                }
                let sessions = index.sessionsByProgramme[programme] ?? []
                for session in sessions.indices {
                    for entry in index.attendanceBySession[sessions[session].id] ?? [] where entry.status.attended {
                        // Those attending were nearly always invited: find the number among the
                        // programme's few invitations rather than hash the id again.
                        let dyad = invitedIds.firstIndex(of: entry.dyadId).map { invited[$0] } ?? dyadNumber(entry.dyadId)
                        guard attendingOnce.isFirst(dyad, programme: position) else { continue }
                        attending += 1
                        if isHigh(dyad) { highAttending += 1 }
                    }
                }
                func share(_ part: Int, _ whole: Int, _ who: String) -> Computed<Double> {
                    whole == 0 ? .notComputable("no \(who) mothers") : .value(Double(part) / Double(whole))
                }
                return Row(programmeId: programme, name: profile.programme.name, centre: profile.centre?.name,
                           deprivationDecile: profile.centre?.deprivationDecile, mechanismTotal: profile.total,
                           enrolled: enrolled, enrolledHighNeed: highEnrolled,
                           attending: attending, attendingHighNeed: highAttending,
                           highNeedShareEnrolled: share(highEnrolled, enrolled, "enrolled"),
                           highNeedShareAttending: share(highAttending, attending, "attending"))
            }
        }.flatMap { $0 }
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
}

/// Counts each dyad once per programme without a set per programme: `marks[dyad]` is the
/// last programme (by position) that counted the dyad. Programmes are visited in order.
private struct OncePerProgramme {
    private var marks: [Int] = []

    mutating func isFirst(_ dyad: Int, programme: Int) -> Bool {
        if dyad >= marks.count { marks.append(contentsOf: repeatElement(-1, count: dyad + 1 - marks.count)) }
        guard marks[dyad] != programme else { return false }
        marks[dyad] = programme
        return true
    }
}
