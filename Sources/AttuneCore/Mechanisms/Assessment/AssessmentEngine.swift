/// Derives each programme's mechanism profile from its evidence under a rubric. Pure: plain
/// values in, plain values with explanations out.
public struct AssessmentEngine: Sendable {
    public let rubric: Rubric

    public init(rubric: Rubric) {
        self.rubric = rubric
    }

    /// Every programme of the document, in the document's order.
    public func profiles(_ index: EvidenceIndex) -> [ProgrammeProfile] {
        index.document.programmes.map { profile(of: $0, in: index) }
    }

    public func profile(of programme: Programme, in index: EvidenceIndex) -> ProgrammeProfile {
        // Only sessions held say what was done: a planned one is on the calendar only, and a
        // cancelled one never took place (its named lead led nothing; its empty room is no group).
        let recorded = index.sessionsByProgramme[programme.id] ?? []
        let sessions = recorded.allSatisfy(\.isHeld) ? recorded : recorded.filter(\.isHeld)
        let overrides = index.overrides[programme.id] ?? [:]
        let assessments = MechanismCatalogue.all.map { mechanism in
            MechanismAssessment(
                mechanism: mechanism,
                derived: derive(mechanism, programme: programme, sessions: sessions, index: index),
                override: overrides[mechanism.id])
        }
        return ProgrammeProfile(programme: programme, centre: index.centres[programme.centreId], assessments: assessments,
                                heldSessions: ProgrammeProfile.heldSessions(recorded))
    }

    func derive(_ mechanism: Mechanism, programme: Programme, sessions: [Session], index: EvidenceIndex) -> DerivedRating {
        guard let rule = rubric.rules[mechanism.id] else {
            return DerivedRating(rating: .notAssessed, explanation: "the rubric has no rule for \(mechanism.id): not assessed", evidence: [])
        }
        let scale = mechanism.scale
        switch rule {
        case .personalInvitations(let thresholds):
            return InvitationRules.personalInvitations(
                index.invitationsByProgramme[programme.id] ?? [], scale: scale, thresholds: thresholds)
        case .inviterLeadsSessions(let thresholds):
            return InvitationRules.inviterLeadsSessions(
                programmeId: programme.id, sessions: sessions, index: index, scale: scale, thresholds: thresholds)
        case .consistentLead(let maximum):
            return ConsistentLeadRule.assess(sessions, index: index, maximumDistinctLeads: maximum)
        case .settingMostlyMet(let components, let warm, let thresholds):
            return SettingRule.assess(sessions, componentsAtLeast: components, warmFromCelsius: warm,
                                      scale: scale, thresholds: thresholds)
        case .groupSize(let minimum, let maximum, let thresholds):
            return GroupSizeRule.assess(sessions, index: index, minimum: minimum, maximum: maximum,
                                        scale: scale, thresholds: thresholds)
        case .socialTime(let minutes, let thresholds):
            return SocialTimeRule.assess(sessions, minimumMinutes: minutes, scale: scale, thresholds: thresholds)
        case .sessionShare(let check, let thresholds):
            return SessionShareRule.assess(check.phrase, sessions: sessions, scale: scale, thresholds: thresholds) {
                check.value(in: $0)
            }
        }
    }
}

extension Array where Element == ProgrammeProfile {
    /// The profiles as a matrix for the shared table renderers: by default the fourteen
    /// mechanisms the paper rates. A printed total is attached where one is known, e.g. the
    /// paper's totals for the study programmes.
    public func matrix(printedTotals: [String: Int] = [:], mechanisms: [Mechanism] = MechanismCatalogue.rated) -> MechanismMatrix {
        let columns = map { profile in
            MechanismMatrix.Column(
                programmeCode: profile.programme.id, programmeName: profile.programme.name,
                location: profile.centre?.name ?? profile.programme.centreId,
                ratings: Dictionary(uniqueKeysWithValues: profile.assessments.map { ($0.mechanism.id, $0.rating) }),
                printedTotal: printedTotals[profile.programme.id])
        }
        // The engine only produces ratings each scale allows, and the validator only accepts
        // such overrides, so the matrix needs no second check.
        return MechanismMatrix(checked: mechanisms, columns: columns)
    }
}
