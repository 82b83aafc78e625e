/// An action the table of actions (`ActionRules`) suggests for a gap in one programme.
public struct SuggestedAction: Sendable, Equatable {
    public let ruleId: String
    public let programmeId: String
    public let gap: ActionRules.GapKind
    /// The mechanisms whose ratings it is meant to move (none for a reach gap).
    public let mechanisms: [MechanismID]
    /// Their ratings as the suggestion was made (an override applied): what an adopted action
    /// is later compared with.
    public let ratings: [ActionPlan.Entry]
    /// The gap in words, with its numbers.
    public let gapText: String
    public let action: String
    public let why: String
}

/// Which gaps each programme has, and the actions the table suggests for them.
public enum ActionSuggestions {
    /// Everything about one programme that can make a gap.
    public struct Gaps: Sendable {
        public let profile: ProgrammeProfile
        public let provisional: Bool
        /// The training of each facilitator who led a held session.
        public let leadTraining: Set<TrainingBody>
        public let missedOpportunities: Int
        public let inverseCare: Bool
        public let divergent: [Triangulation.Cell]
        public let lowAgreement: [ObserverAgreement.Check]

        public init(profile: ProgrammeProfile, provisional: Bool, leadTraining: Set<TrainingBody>, missedOpportunities: Int,
                    inverseCare: Bool, divergent: [Triangulation.Cell], lowAgreement: [ObserverAgreement.Check]) {
            self.profile = profile
            self.provisional = provisional
            self.leadTraining = leadTraining
            self.missedOpportunities = missedOpportunities
            self.inverseCare = inverseCare
            self.divergent = divergent
            self.lowAgreement = lowAgreement
        }
    }

    /// The suggestions for one programme, in the table's order, each rule at most once.
    public static func suggest(_ gaps: Gaps, rules: ActionRules) -> [SuggestedAction] {
        let programme = gaps.profile.programme.id
        return rules.suggestions.compactMap { rule -> SuggestedAction? in
            func suggestion(_ ratings: [ActionPlan.Entry], _ text: String) -> SuggestedAction {
                SuggestedAction(ruleId: rule.id, programmeId: programme, gap: rule.gap, mechanisms: ratings.map(\.mechanism), ratings: ratings,
                                gapText: text, action: rule.action, why: rule.why)
            }
            switch rule.gap {
            case .mechanism:
                // A provisional profile rests on too few sessions to act on.
                guard !gaps.provisional else { return nil }
                if let training = rule.leadTraining {
                    guard !gaps.leadTraining.isEmpty, gaps.leadTraining.isSubset(of: Set(training)) else { return nil }
                }
                let ratings = Set(rule.ratings ?? [.no, .variable])
                let found = gaps.profile.assessments.filter { (rule.mechanisms ?? []).contains($0.mechanism.id) && ratings.contains($0.rating) }
                guard !found.isEmpty else { return nil }
                var text = found.map { "\($0.mechanism.id) \($0.mechanism.shortName) rated \($0.rating.word)" }.joined(separator: "; ")
                if rule.leadTraining != nil { text += "; led by facilitators trained in " + gaps.leadTraining.map(\.label).sorted().joined(separator: ", ") }
                return suggestion(found.map { ActionPlan.Entry(mechanism: $0.mechanism.id, rating: $0.rating) }, text)
            case .missedOpportunity:
                guard gaps.missedOpportunities > 0 else { return nil }
                return suggestion([], "\(gaps.missedOpportunities) missed opportunit\(gaps.missedOpportunities == 1 ? "y" : "ies"): mothers of high need who were invited or said yes and never came or dropped out")
            case .inverseCare:
                guard gaps.inverseCare else { return nil }
                return suggestion([], "in the highest-need third and the lowest-provision third of the programmes")
            case .divergent:
                let cells = gaps.divergent.filter { rule.mechanisms?.contains($0.mechanism.id) ?? true }
                guard !cells.isEmpty else { return nil }
                return suggestion(cells.map { ActionPlan.Entry(mechanism: $0.mechanism.id, rating: $0.rating) }, cells.map {
                    "\($0.mechanism.id) rated \($0.rating.word) with \($0.supporting.count) excerpt\($0.supporting.count == 1 ? "" : "s") supporting and \($0.contradicting.count) contradicting"
                }.joined(separator: "; "))
            case .lowAgreement:
                guard !gaps.lowAgreement.isEmpty else { return nil }
                return suggestion([], "observers' kappa below the threshold on " + gaps.lowAgreement.map(\.field.label).joined(separator: ", "))
            }
        }
    }

    /// The suggestions for every programme of an evaluation: `document` is what it was made
    /// from; `missed` counts each programme's missed opportunities not yet followed up.
    public static func suggest(evaluation: Evaluation, document: EvidenceDocument, missed: [String: Int], rules: ActionRules) -> [SuggestedAction] {
        let facilitators = Dictionary(document.facilitators.map { ($0.id, $0.trainingBody) }, uniquingKeysWith: { first, _ in first })
        var leads: [String: Set<TrainingBody>] = [:]
        for session in document.sessions where session.isHeld {
            if let lead = session.leadFacilitatorId, let training = facilitators[lead] { leads[session.programmeId, default: []].insert(training) }
        }
        let inverseCare = Set(evaluation.needVersusProvision.inverseCare)
        let divergent = Dictionary(grouping: evaluation.triangulation.divergent, by: \.programmeId)
        let observed = Set(document.secondObservations.map(\.sessionId))
        let observedProgrammes = Set(document.sessions.filter { observed.contains($0.id) }.map(\.programmeId))
        return evaluation.profiles.flatMap { profile -> [SuggestedAction] in
            let id = profile.programme.id
            let low = observedProgrammes.contains(id)
                ? ObserverAgreement(document, rubric: evaluation.rubric, programmes: [id]).lowChecks : []
            return suggest(Gaps(profile: profile, provisional: evaluation.rubric.isProvisional(heldSessions: profile.heldSessions),
                                leadTraining: leads[id] ?? [], missedOpportunities: missed[id] ?? 0, inverseCare: inverseCare.contains(id),
                                divergent: divergent[id] ?? [], lowAgreement: low), rules: rules)
        }
    }
}
