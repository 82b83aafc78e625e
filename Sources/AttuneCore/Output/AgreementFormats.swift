import Foundation

/// `attune agreement` as text and as JSON, and the words every page uses for agreement.
public enum AgreementFormats {
    /// "0.71 (0.42 to 0.99)", or why kappa cannot be computed.
    public static func kappaText(_ kappa: Computed<Agreement.Kappa>) -> String {
        switch kappa {
        case .value(let k): "\(NumberText.number(k.kappa)) (95% CI \(NumberText.number(k.low)) to \(NumberText.number(k.high)))"
        case .notComputable(let reason): "not computable: \(reason)"
        }
    }

    public static func valueText(_ value: Computed<Double>) -> String {
        switch value {
        case .value(let v): NumberText.number(v)
        case .notComputable(let reason): "not computable: \(reason)"
        }
    }

    public static func share(_ share: Double?) -> String {
        share.map { "\(Int(($0 * 100).rounded()))%" } ?? "–"
    }

    public static func text(_ agreement: ObserverAgreement) -> String {
        var lines = ["Observer agreement: \(agreement.observedSessions) held session\(agreement.observedSessions == 1 ? "" : "s") with a second observer.",
                     "Checks with kappa below \(NumberText.number(agreement.threshold)) (the rubric's threshold) are marked LOW.", ""]
        let rated = agreement.checks.filter { $0.n > 0 }
        if rated.isEmpty {
            lines.append("No check was rated by both the log and a second observer.")
        }
        for check in rated {
            var line = "\(check.field.label) (\(check.field.name)): n = \(check.n), agreement \(share(check.agreement)), kappa \(kappaText(check.kappa))"
            if check.isLow { line += "  LOW" }
            lines.append(line)
            if let fleiss = check.fleiss {
                lines.append("    Fleiss' kappa, \(fleiss.observers) observers of \(fleiss.sessions) session\(fleiss.sessions == 1 ? "" : "s"): \(valueText(fleiss.kappa))")
            }
        }
        let ratings = agreement.ratings
        lines += ["", "Derived ratings (Yes / Variable / No) of \(ratings.programmes.count) programme\(ratings.programmes.count == 1 ? "" : "s"), from the observed sessions as logged and as the second observer saw them:",
                  "  n = \(ratings.n), agreement \(share(ratings.agreement)), weighted kappa linear \(valueText(ratings.linear)), quadratic \(valueText(ratings.quadratic))"]
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ agreement: ObserverAgreement) -> String {
        JSONOutput.render(AgreementJSON(agreement))
    }
}

/// {"checks": [{"check", "n", "agreement", "kappa", "kappa_se", "kappa_interval", ...}], "ratings": {...}}.
/// A statistic that cannot be computed is null, and `not_computable` says why.
private struct AgreementJSON: Encodable {
    struct Check: Encodable {
        let check: String
        let group: String
        let label: String
        let n: Int
        let agreement: Double?
        let kappa: Double?
        let kappaSe: Double?
        let kappaInterval: [Double]?
        let notComputable: String?
        let belowThreshold: Bool
        let fleissKappa: Double?
        let fleissObservers: Int?
        let fleissSessions: Int?
        let fleissNotComputable: String?

        enum CodingKeys: CodingKey {
            case check, group, label, n, agreement, kappa, kappaSe, kappaInterval, notComputable, belowThreshold
            case fleissKappa, fleissObservers, fleissSessions, fleissNotComputable
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(check, forKey: .check)
            try container.encode(group, forKey: .group)
            try container.encode(label, forKey: .label)
            try container.encode(n, forKey: .n)
            try container.encode(agreement, forKey: .agreement)
            try container.encode(kappa, forKey: .kappa)
            try container.encode(kappaSe, forKey: .kappaSe)
            try container.encode(kappaInterval, forKey: .kappaInterval)
            try container.encodeIfPresent(notComputable, forKey: .notComputable)
            try container.encode(belowThreshold, forKey: .belowThreshold)
            if fleissObservers != nil {
                try container.encode(fleissKappa, forKey: .fleissKappa)
                try container.encode(fleissObservers, forKey: .fleissObservers)
                try container.encode(fleissSessions, forKey: .fleissSessions)
                try container.encodeIfPresent(fleissNotComputable, forKey: .fleissNotComputable)
            }
        }
    }

    struct Ratings: Encodable {
        let n: Int
        let agreement: Double?
        let weightedKappaLinear: Double?
        let weightedKappaQuadratic: Double?
        let notComputable: String?
        let programmes: [String]

        enum CodingKeys: CodingKey {
            case n, agreement, weightedKappaLinear, weightedKappaQuadratic, notComputable, programmes
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(n, forKey: .n)
            try container.encode(agreement, forKey: .agreement)
            try container.encode(weightedKappaLinear, forKey: .weightedKappaLinear)
            try container.encode(weightedKappaQuadratic, forKey: .weightedKappaQuadratic)
            try container.encodeIfPresent(notComputable, forKey: .notComputable)
            try container.encode(programmes, forKey: .programmes)
        }
    }

    let threshold: Double
    let observedSessions: Int
    let checks: [Check]
    let ratings: Ratings

    init(_ agreement: ObserverAgreement) {
        threshold = agreement.threshold
        observedSessions = agreement.observedSessions
        let groups = Dictionary(EvidenceRecords.sessionChecks.flatMap { group in group.checks.map { ($0.name, group.group.name) } },
                                uniquingKeysWith: { first, _ in first })
        checks = agreement.checks.map { check in
            let kappa = check.kappa.value
            return Check(check: check.field.name, group: groups[check.field.name] ?? "", label: check.field.label, n: check.n,
                         agreement: check.agreement, kappa: kappa?.kappa, kappaSe: kappa?.standardError,
                         kappaInterval: kappa.map { [$0.low, $0.high] }, notComputable: check.kappa.reason, belowThreshold: check.isLow,
                         fleissKappa: check.fleiss?.kappa.value, fleissObservers: check.fleiss?.observers,
                         fleissSessions: check.fleiss?.sessions, fleissNotComputable: check.fleiss?.kappa.reason)
        }
        let ratings = agreement.ratings
        self.ratings = Ratings(n: ratings.n, agreement: ratings.agreement, weightedKappaLinear: ratings.linear.value,
                               weightedKappaQuadratic: ratings.quadratic.value, notComputable: ratings.linear.reason,
                               programmes: ratings.programmes)
    }
}
