/// Reach, need and missed opportunities for one evidence document: what `attune reach`,
/// `attune missed` and the pages show.
public struct ReachReport: Sendable {
    public let reconstructed: Bool
    public let analysis: ReachAnalysis
    public let needs: [String: NeedAssessment]
    public let missed: [MissedOpportunity]
    let facilitatorNames: [String: String]

    /// - Parameters:
    ///   - needs: each dyad's need, when already known (a page reads it from the need signals
    ///     stored with the measures); otherwise worked out from the document's measures.
    ///   - reminders, followUps: keyed "dyad#programme", from the outbox and the follow-up log.
    public init(document: EvidenceDocument, settings: MeasureSettings = .standard, needs known: [String: NeedAssessment]? = nil,
                completionShare: Double = ReachAnalysis.defaultCompletionShare,
                reminders: [String: [ReminderHistoryEntry]] = [:], followUps: [String: [FollowUpAction]] = [:]) {
        reconstructed = document.reconstructed
        facilitatorNames = Dictionary(document.facilitators.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        needs = known ?? DyadMeasures.needs(in: document, settings: settings)
        analysis = ReachAnalysis(index: EvidenceIndex(document), need: needs.mapValues(\.level), completionShare: completionShare)
        missed = MissedOpportunity.list(reach: analysis, needs: needs, reminders: reminders, followUps: followUps)
    }

    /// Who invited her, by name: a facilitator's name, another practitioner, or nil.
    public func inviter(of invitation: Invitation) -> String? {
        invitation.invitedByFacilitatorId.map { facilitatorNames[$0] ?? $0 } ?? invitation.invitedByPractitioner
    }
}
