/// The JSON shape of a rubric file, checked field by field into a `Rubric`, and written back
/// from one (`Rubric.fileData`), so that the database can keep the rubric its stored profiles
/// were derived under.
struct RubricFile: Codable {
    struct Entry: Codable {
        let mechanism: String
        let rule: String
        let check: String?
        let yesAtLeast: Double?
        let variableAtLeast: Double?
        let maximumDistinctLeads: Int?
        let componentsAtLeast: Double?
        let warmFromCelsius: Double?
        let minimumDyads: Int?
        let maximumDyads: Int?
        let minimumMinutes: Int?
        let note: String?

        init(mechanism: MechanismID, rule: MechanismRule) {
            self.mechanism = mechanism.description
            var check: String?, maximumDistinctLeads: Int?, componentsAtLeast: Double?, warmFromCelsius: Double?
            var minimumDyads: Int?, maximumDyads: Int?, minimumMinutes: Int?
            switch rule {
            case .personalInvitations: self.rule = "personal_invitations"
            case .inviterLeadsSessions: self.rule = "inviter_leads_sessions"
            case .consistentLead(let maximum): self.rule = "consistent_lead"; maximumDistinctLeads = maximum
            case .settingMostlyMet(let components, let warm, _):
                self.rule = "setting_mostly_met"; componentsAtLeast = components; warmFromCelsius = warm
            case .groupSize(let minimum, let maximum, _): self.rule = "group_size"; minimumDyads = minimum; maximumDyads = maximum
            case .socialTime(let minutes, _): self.rule = "social_time"; minimumMinutes = minutes
            case .sessionShare(let sessionCheck, _): self.rule = "session_share"; check = sessionCheck.rawValue
            }
            (self.check, self.maximumDistinctLeads, self.componentsAtLeast, self.warmFromCelsius) =
                (check, maximumDistinctLeads, componentsAtLeast, warmFromCelsius)
            (self.minimumDyads, self.maximumDyads, self.minimumMinutes) = (minimumDyads, maximumDyads, minimumMinutes)
            yesAtLeast = rule.thresholds?.yesAtLeast
            variableAtLeast = rule.thresholds?.variableAtLeast
            note = nil
        }
    }

    init(_ rubric: Rubric) {
        rubricVersion = rubric.version
        name = rubric.name
        provisionalBelowHeldSessions = rubric.provisionalBelowHeldSessions
        agreementKappaBelow = rubric.agreementKappaBelow
        divergence = rubric.divergence
        rules = rubric.rules.sorted { $0.key < $1.key }.map { Entry(mechanism: $0.key, rule: $0.value) }
    }

    static let ruleNames = ["personal_invitations", "inviter_leads_sessions", "consistent_lead",
                            "setting_mostly_met", "group_size", "social_time", "session_share"]

    let rubricVersion: String
    let name: String
    /// Optional: `Rubric.defaultProvisionalBelowHeldSessions` when left out.
    let provisionalBelowHeldSessions: Int?
    /// Optional: `Rubric.defaultAgreementKappaBelow` when left out.
    let agreementKappaBelow: Double?
    /// Optional: `DivergenceRule.standard` when left out.
    let divergence: DivergenceRule?
    let rules: [Entry]

    func rubric(source: String) throws(RubricError) -> Rubric {
        var problems: [String] = []
        var rules: [MechanismID: MechanismRule] = [:]
        for entry in self.rules {
            guard let id = MechanismID(entry.mechanism), let mechanism = MechanismCatalogue.mechanism(id) else {
                problems.append("\(entry.mechanism): not a mechanism (M1-M15)")
                continue
            }
            guard rules[id] == nil else {
                problems.append("\(id): has more than one rule")
                continue
            }
            var entryProblems: [String] = []
            if let rule = Self.rule(entry, mechanism: mechanism, problems: &entryProblems), entryProblems.isEmpty {
                rules[id] = rule
            }
            problems += entryProblems.map { "\(id) \(entry.rule): \($0)" }
        }
        let provisional = provisionalBelowHeldSessions ?? Rubric.defaultProvisionalBelowHeldSessions
        if !Rubric.provisionalThresholdRange.contains(provisional) {
            problems.append("provisional_below_held_sessions \(provisional) is outside \(Rubric.provisionalThresholdRange.lowerBound)-\(Rubric.provisionalThresholdRange.upperBound)")
        }
        let kappaBelow = agreementKappaBelow ?? Rubric.defaultAgreementKappaBelow
        if !(-1...1).contains(kappaBelow) {
            problems.append("agreement_kappa_below \(kappaBelow) is outside -1 to 1 (kappa's range)")
        }
        let divergence = divergence ?? .standard
        problems += divergence.problems
        guard problems.isEmpty else { throw RubricError(source: source, problems: problems) }
        return Rubric(version: rubricVersion, name: name, rules: rules, provisionalBelowHeldSessions: provisional,
                      agreementKappaBelow: kappaBelow, divergence: divergence)
    }

    private static func rule(_ entry: Entry, mechanism: Mechanism, problems: inout [String]) -> MechanismRule? {
        func share(_ field: String, _ value: Double?) -> Double? {
            guard let value else { problems.append("\(field) is required"); return nil }
            guard (0...1).contains(value) else { problems.append("\(field) \(value) is outside 0-1"); return nil }
            return value
        }
        func thresholds() -> ShareThresholds? {
            guard let yes = share("yes_at_least", entry.yesAtLeast) else { return nil }
            switch mechanism.scale {
            case .yesNo:
                if entry.variableAtLeast != nil {
                    problems.append("variable_at_least is not allowed: the paper rates \(mechanism.id) yes / no, so it never comes out variable")
                    return nil
                }
                return ShareThresholds(yesAtLeast: yes)
            case .yesVariableNo, .unrated:
                guard let variable = share("variable_at_least", entry.variableAtLeast) else { return nil }
                guard variable <= yes else {
                    problems.append("variable_at_least \(variable) is above yes_at_least \(yes)")
                    return nil
                }
                return ShareThresholds(yesAtLeast: yes, variableAtLeast: variable)
            }
        }

        switch entry.rule {
        case "personal_invitations":
            return thresholds().map(MechanismRule.personalInvitations)
        case "inviter_leads_sessions":
            return thresholds().map(MechanismRule.inviterLeadsSessions)
        case "consistent_lead":
            let maximum = entry.maximumDistinctLeads ?? 1
            guard maximum >= 1 else { problems.append("maximum_distinct_leads \(maximum) must be 1 or more"); return nil }
            return .consistentLead(maximumDistinctLeads: maximum)
        case "setting_mostly_met":
            let components = share("components_at_least", entry.componentsAtLeast)
            let warm = entry.warmFromCelsius ?? 18
            if !EvidenceValidator.temperatureRange.contains(warm) {
                problems.append("warm_from_celsius \(warm) is outside 0-45")
            }
            guard let components, let t = thresholds(), EvidenceValidator.temperatureRange.contains(warm) else { return nil }
            return .settingMostlyMet(componentsAtLeast: components, warmFromCelsius: warm, t)
        case "group_size":
            guard let minimum = entry.minimumDyads, let maximum = entry.maximumDyads else {
                problems.append("minimum_dyads and maximum_dyads are required")
                return nil
            }
            guard minimum >= 1, maximum >= minimum else {
                problems.append("the group size range \(minimum)-\(maximum) must start at 1 or more and not be reversed")
                return nil
            }
            return thresholds().map { .groupSize(minimumDyads: minimum, maximumDyads: maximum, $0) }
        case "social_time":
            let minutes = entry.minimumMinutes ?? 0
            guard (0...600).contains(minutes) else { problems.append("minimum_minutes \(minutes) is outside 0-600"); return nil }
            return thresholds().map { .socialTime(minimumMinutes: minutes, $0) }
        case "session_share":
            guard let name = entry.check, let check = SessionCheck(rawValue: name) else {
                let allowed = SessionCheck.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append("check must be one of \(allowed)")
                return nil
            }
            return thresholds().map { .sessionShare(check, $0) }
        default:
            problems.append("unknown rule; use one of \(ruleNames.joined(separator: ", "))")
            return nil
        }
    }
}
