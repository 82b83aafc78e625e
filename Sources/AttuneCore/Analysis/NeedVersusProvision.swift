import Foundation

/// Where need and provision do not meet: each programme's mechanism total against the share
/// of high-need mothers it enrolled and reached, the correlation across programmes, and the
/// programmes in the highest-need third that sit in the lowest-provision third.
public struct NeedVersusProvision: Codable, Sendable {
    public struct Row: Codable, Sendable {
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

    init(profiles: [ProgrammeProfile], index: EvidenceIndex, need: [String: NeedLevel]) {
        rows = profiles.map { profile in
            let programme = profile.programme.id
            let enrolled = Set((index.invitationsByProgramme[programme] ?? []).map(\.dyadId))
            var attending = Set<String>()
            for session in index.sessionsByProgramme[programme] ?? [] {
                for entry in index.attendanceBySession[session.id] ?? [] where entry.status.attended { attending.insert(entry.dyadId) }
            }
            let highEnrolled = enrolled.filter { need[$0] == .high }.count
            let highAttending = attending.filter { need[$0] == .high }.count
            func share(_ part: Int, _ whole: Int, _ who: String) -> Computed<Double> {
                whole == 0 ? .notComputable("no \(who) mothers") : .value(Double(part) / Double(whole))
            }
            return Row(programmeId: programme, name: profile.programme.name, centre: profile.centre?.name,
                       deprivationDecile: profile.centre?.deprivationDecile, mechanismTotal: profile.total,
                       enrolled: enrolled.count, enrolledHighNeed: highEnrolled,
                       attending: attending.count, attendingHighNeed: highAttending,
                       highNeedShareEnrolled: share(highEnrolled, enrolled.count, "enrolled"),
                       highNeedShareAttending: share(highAttending, attending.count, "attending"))
        }
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
