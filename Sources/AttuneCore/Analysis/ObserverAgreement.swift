/// Do two observers agree? For each yes/no check of the session log: the session's log (the
/// first observer) against the first second observer of that session (in the document's
/// order), as Cohen's kappa; with three or more observers of a session, Fleiss' kappa across
/// them all. For the derived ratings: each programme's rating of each mechanism whose rule
/// reads the checks, derived from the observed sessions as logged and again as the second
/// observer saw them, as weighted kappa (No < Variable < Yes). A second observation never
/// changes a stored profile; this is the only place that reads it.
public struct ObserverAgreement: Sendable {
    public struct Check: Sendable {
        public let field: SessionCheckField
        /// Sessions both the log and a second observer rated.
        public let n: Int
        /// The share of them on which the two agreed; nil when none.
        public let agreement: Double?
        public let kappa: Computed<Agreement.Kappa>
        /// Across every observer of each session observed three or more times; nil when none was.
        public let fleiss: FleissKappa?
        /// Kappa below the rubric's threshold.
        public let isLow: Bool
    }

    public struct FleissKappa: Sendable {
        /// Sessions rated by `observers` observers (the most common number, three or more).
        public let sessions: Int
        public let observers: Int
        public let kappa: Computed<Double>
    }

    /// The derived Yes/Variable/No ratings of the observed programmes, both ways.
    public struct Ratings: Sendable {
        /// Programme-mechanism pairs rated yes, variable or no both ways.
        public let n: Int
        public let agreement: Double?
        public let linear: Computed<Double>
        public let quadratic: Computed<Double>
        /// The programmes compared.
        public let programmes: [String]
    }

    public let checks: [Check]
    public let ratings: Ratings
    /// Held sessions with at least one second observation.
    public let observedSessions: Int
    public let threshold: Double

    /// The checks flagged, kappa below the threshold.
    public var lowChecks: [Check] { checks.filter(\.isLow) }

    /// - Parameter programmes: only these programmes' sessions (a programme's page); nil for all.
    public init(_ document: EvidenceDocument, rubric: Rubric, programmes only: Set<String>? = nil) {
        threshold = rubric.agreementKappaBelow
        // Only the sessions observed twice: a national document has tens of thousands, few of them.
        let observedIDs = Set(document.secondObservations.map(\.sessionId))
        let sessions = Dictionary(document.sessions.filter { observedIDs.contains($0.id) && $0.isHeld && (only?.contains($0.programmeId) ?? true) }
                                    .map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seenBy: [String: [Session]] = [:]
        for observation in document.secondObservations {
            guard let session = sessions[observation.sessionId] else { continue }
            seenBy[session.id, default: []].append(observation.seen(in: session))
        }
        let observed = seenBy.keys.sorted().compactMap { id in sessions[id].map { ($0, seenBy[id] ?? []) } }
        observedSessions = observed.count
        let threshold = threshold

        checks = SessionCheckField.all.map { field in
            let pairs = observed.compactMap { log, others -> (Bool, Bool)? in
                guard let first = log[keyPath: field.keyPath], let second = others.first?[keyPath: field.keyPath] else { return nil }
                return (first, second)
            }
            let kappa = Agreement.cohen(pairs, categories: [true, false])
            let agreement = pairs.isEmpty ? nil : Double(pairs.filter { $0.0 == $0.1 }.count) / Double(pairs.count)
            return Check(field: field, n: pairs.count, agreement: agreement, kappa: kappa,
                         fleiss: Self.fleiss(observed, field: field), isLow: kappa.value.map { $0.kappa < threshold } ?? false)
        }
        ratings = Self.ratings(document, observed: observed, rubric: rubric)
    }

    /// Fleiss' kappa over the sessions rated by the most common number of observers, when that
    /// is three or more (Fleiss' kappa needs the same number for every session).
    static func fleiss(_ observed: [(Session, [Session])], field: SessionCheckField) -> FleissKappa? {
        let ratings = observed.map { log, others in ([log] + others).compactMap { $0[keyPath: field.keyPath] } }.filter { $0.count >= 3 }
        guard !ratings.isEmpty else { return nil }
        let counts = Dictionary(grouping: ratings, by: \.count).mapValues(\.count)
        // The most common number of observers; of equally common ones, the larger.
        guard let observers = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key else { return nil }
        let items = ratings.filter { $0.count == observers }
        return FleissKappa(sessions: items.count, observers: observers, kappa: Agreement.fleiss(items, categories: [true, false]))
    }

    static let ordered: [Rating] = [.no, .variable, .yes]

    /// The observed programmes' ratings derived from their observed sessions as logged and as
    /// the (first) second observer saw them, for the mechanisms whose rules read the checks.
    static func ratings(_ document: EvidenceDocument, observed: [(Session, [Session])], rubric: Rubric) -> Ratings {
        let programmeIDs = Set(observed.map(\.0.programmeId))
        let mechanisms = MechanismCatalogue.all.filter { rubric.rules[$0.id]?.readsSessionChecks == true }
        func profiles(_ sessions: [Session]) -> [String: ProgrammeProfile] {
            var narrowed = document
            narrowed.programmes = document.programmes.filter { programmeIDs.contains($0.id) }
            narrowed.sessions = sessions
            narrowed.overrides = []
            let index = EvidenceIndex(narrowed)
            let engine = AssessmentEngine(rubric: rubric)
            return Dictionary(narrowed.programmes.map { ($0.id, engine.profile(of: $0, in: index)) }, uniquingKeysWith: { first, _ in first })
        }
        let logged = profiles(observed.map(\.0)), seen = profiles(observed.compactMap { $0.1.first })
        var pairs: [(Rating, Rating)] = []
        for programme in programmeIDs.sorted() {
            guard let first = logged[programme], let second = seen[programme] else { continue }
            for mechanism in mechanisms {
                guard let a = first.assessments.first(where: { $0.mechanism.id == mechanism.id })?.derived.rating,
                      let b = second.assessments.first(where: { $0.mechanism.id == mechanism.id })?.derived.rating,
                      a != .notAssessed, b != .notAssessed else { continue }
                pairs.append((a, b))
            }
        }
        return Ratings(n: pairs.count, agreement: pairs.isEmpty ? nil : Double(pairs.filter { $0.0 == $0.1 }.count) / Double(pairs.count),
                       linear: Agreement.weighted(pairs, categories: ordered, weights: .linear),
                       quadratic: Agreement.weighted(pairs, categories: ordered, weights: .quadratic),
                       programmes: programmeIDs.sorted())
    }
}
