import Foundation

/// One thing wrong with a record, naming the record and the field.
public struct EvidenceProblem: Equatable, Sendable, CustomStringConvertible {
    public let record: String
    public let field: String
    public let message: String

    public init(record: String, field: String, message: String) {
        self.record = record
        self.field = field
        self.message = message
    }

    public var description: String { "\(record), \(field): \(message)" }
}

/// Checks a whole document and returns every problem found, so that one pass tells the user
/// everything to fix. An import with any problem stores nothing.
public enum EvidenceValidator {
    /// Empty or only white space. An id with a visible ASCII character, which is nearly every
    /// id, is decided on its bytes: Foundation's trimming was a tenth of generating a national
    /// dataset.
    static func isBlank(_ text: String) -> Bool {
        if text.utf8.contains(where: { $0 > 0x20 && $0 < 0x7F }) { return false }
        return text.trimmingCharacters(in: .whitespaces).isEmpty
    }

    public static let temperatureRange = 0.0...45.0
    public static let decileRange = 1...10
    public static let plannedSessionsRange = 1...52
    public static let placeLimitRange = 1...100

    /// - Parameter today: when given, measures dated after it are refused.
    public static func problems(in document: EvidenceDocument, today: CalendarDate? = nil) -> [EvidenceProblem] {
        var problems: [EvidenceProblem] = []
        func report(_ record: String, _ field: String, _ message: String) {
            problems.append(EvidenceProblem(record: record, field: field, message: message))
        }
        func checkUnique(_ ids: [String], kind: String) -> Set<String> {
            var seen = Set<String>()
            for id in ids {
                if Self.isBlank(id) {
                    report("\(kind) (no id)", "id", "every \(kind) needs an id")
                } else if !seen.insert(id).inserted {
                    report("\(kind) \(id)", "id", "the id \(id) is used by more than one \(kind)")
                }
            }
            return seen
        }

        let centreIds = checkUnique(document.centres.map(\.id), kind: "centre")
        let facilitatorIds = checkUnique(document.facilitators.map(\.id), kind: "facilitator")
        let programmeIds = checkUnique(document.programmes.map(\.id), kind: "programme")
        let sessionIds = checkUnique(document.sessions.map(\.id), kind: "session")
        let dyadIds = checkUnique(document.dyads.map(\.id), kind: "dyad")
        _ = checkUnique(document.invitations.map(\.id), kind: "invitation")
        _ = checkUnique(document.measurements.map(\.id), kind: "measurement")

        for centre in document.centres {
            if Self.isBlank(centre.name) {
                report("centre \(centre.id)", "name", "a centre needs a name")
            }
            EvidenceRecords.centre.problems(in: centre) { report("centre \(centre.id)", $0, $1) }
        }
        for facilitator in document.facilitators {
            EvidenceRecords.facilitator.problems(in: facilitator) { report("facilitator \(facilitator.id)", $0, $1) }
        }
        var plannedSessions: [String: Int] = [:]
        // Each loop names its record only when it reports a problem, rather than building a name
        // ("attendance of dyad ... at session ...") for each of a national load's two million.
        for programme in document.programmes {
            func record() -> String { "programme \(programme.id)" }
            plannedSessions[programme.id] = programme.plannedSessions
            if !centreIds.contains(programme.centreId) {
                report(record(), "centre_id", "no centre has the id \(programme.centreId)")
            }
            EvidenceRecords.programme.problems(in: programme) { report(record(), $0, $1) }
            if let start = programme.startDate, let end = programme.endDate, end < start {
                report(record(), "end_date", "\(end) is before the start date \(start)")
            }
            for problem in programme.reminders?.problems ?? [] {
                report(record(), "reminders", problem)
            }
        }

        var programmeOfSession: [String: String] = [:]
        var sessionNumbers = Set<Pair<String, Int>>()
        for session in document.sessions {
            func record() -> String { "session \(session.id)" }
            programmeOfSession[session.id] = session.programmeId
            if let planned = plannedSessions[session.programmeId] {
                if session.number < 1 || session.number > planned {
                    report(record(), "number", "\(session.number) is outside 1-\(planned), the programme's planned sessions")
                }
                if !sessionNumbers.insert(Pair(session.programmeId, session.number)).inserted {
                    report(record(), "number", "programme \(session.programmeId) already has a session \(session.number)")
                }
            } else {
                report(record(), "programme_id", "no programme has the id \(session.programmeId)")
            }
            if session.facilitatorsPresent.isEmpty {
                report(record(), "facilitators_present", "a session needs at least one facilitator")
            }
            for id in session.facilitatorsPresent where !facilitatorIds.contains(id) {
                report(record(), "facilitators_present", "no facilitator has the id \(id)")
            }
            if let lead = session.leadFacilitatorId {
                if !session.facilitatorsPresent.contains(lead) {
                    report(record(), "lead_facilitator_id", "the lead \(lead) is not among the facilitators present")
                }
            } else if !session.facilitatorsPresent.isEmpty {
                report(record(), "lead_facilitator_id", "name which facilitator led the session")
            }
            EvidenceRecords.session.problems(in: session) { report(record(), $0, $1) }
        }

        for dyad in document.dyads {
            EvidenceRecords.dyad.problems(in: dyad) { report("dyad \(dyad.id)", $0, $1) }
            if let today, let born = dyad.infantDateOfBirth, born > today {
                report("dyad \(dyad.id)", "infant_date_of_birth", "\(born) is after today (\(today)); a baby's date of birth cannot be in the future")
            }
            let channel = dyad.reminderChannel
            if channel.address(of: dyad) == nil, let contact = channel.requiredContact {
                report("dyad \(dyad.id)", contact, "she prefers \(channel.label) reminders but has no \(contact) recorded; record one or choose another channel")
            }
        }

        var enrolments = Set<Pair<String, String>>()
        var placesTaken: [String: Int] = [:]
        for invitation in document.invitations {
            func record() -> String { "invitation \(invitation.id)" }
            if !dyadIds.contains(invitation.dyadId) {
                report(record(), "dyad_id", "no dyad has the id \(invitation.dyadId)")
            }
            if !programmeIds.contains(invitation.programmeId) {
                report(record(), "programme_id", "no programme has the id \(invitation.programmeId)")
            }
            if let inviter = invitation.invitedByFacilitatorId, !facilitatorIds.contains(inviter) {
                report(record(), "invited_by_facilitator_id", "no facilitator has the id \(inviter)")
            }
            if invitation.mode.isPersonal && invitation.invitedByFacilitatorId == nil && invitation.invitedByPractitioner == nil {
                report(record(), "invited_by_practitioner", "a personal invitation (\(invitation.mode.rawValue)) needs the practitioner who made it")
            }
            if !enrolments.insert(Pair(invitation.dyadId, invitation.programmeId)).inserted {
                report(record(), "dyad_id", "dyad \(invitation.dyadId) is already invited to programme \(invitation.programmeId)")
            }
            EvidenceRecords.invitation.problems(in: invitation) { report(record(), $0, $1) }
            if invitation.status.holdsPlace { placesTaken[invitation.programmeId, default: 0] += 1 }
            if invitation.closedDate != nil && invitation.status != .declined && invitation.status != .withdrawn {
                report(record(), "closed_date", "only a declined or withdrawn invitation has a closed date; this one is \(invitation.status.rawValue)")
            }
        }
        for programme in document.programmes {
            if let limit = programme.placeLimit, let taken = placesTaken[programme.id], taken > limit {
                report("programme \(programme.id)", "place_limit", "\(taken) dyads are enrolled but the programme has \(limit) places")
            }
        }

        var registered = Set<Pair<String, String>>()
        let cancelledSessions = Set(document.sessions.filter(\.cancelled).map(\.id))
        let notYetHeld = Set(document.sessions.filter { $0.planned == true }.map(\.id))
        for entry in document.attendance {
            func record() -> String { "attendance of dyad \(entry.dyadId) at session \(entry.sessionId)" }
            if !dyadIds.contains(entry.dyadId) {
                report(record(), "dyad_id", "no dyad has the id \(entry.dyadId)")
            }
            guard sessionIds.contains(entry.sessionId), let programme = programmeOfSession[entry.sessionId] else {
                report(record(), "session_id", "no session has the id \(entry.sessionId)")
                continue
            }
            if dyadIds.contains(entry.dyadId) && !enrolments.contains(Pair(entry.dyadId, programme)) {
                report(record(), "dyad_id", "dyad \(entry.dyadId) is not enrolled in programme \(programme) (no invitation)")
            }
            if cancelledSessions.contains(entry.sessionId) {
                report(record(), "session_id", "session \(entry.sessionId) was cancelled; it takes no attendance")
            } else if notYetHeld.contains(entry.sessionId) {
                report(record(), "session_id", "session \(entry.sessionId) is planned, not yet held; its attendance comes with its log")
            }
            if !registered.insert(Pair(entry.dyadId, entry.sessionId)).inserted {
                report(record(), "session_id", "attendance is recorded twice for this dyad and session")
            }
            EvidenceRecords.attendance.problems(in: entry) { report(record(), $0, $1) }
        }

        var overridden = Set<Pair<String, MechanismID>>()
        for override in document.overrides {
            func record() -> String { "override of \(override.mechanism) for programme \(override.programmeId)" }
            if !programmeIds.contains(override.programmeId) {
                report(record(), "programme_id", "no programme has the id \(override.programmeId)")
            }
            if let mechanism = MechanismCatalogue.mechanism(override.mechanism) {
                if !mechanism.scale.allows(override.rating) {
                    report(record(), "rating", "\(override.rating.label) is not allowed; \(mechanism.id) is rated \(mechanism.scale.description)")
                }
            } else {
                report(record(), "mechanism", "\(override.mechanism) is not a mechanism (M1-M15)")
            }
            if override.rationale.trimmingCharacters(in: .whitespacesAndNewlines).count < 10 {
                report(record(), "rationale", "write the reason for the override (at least 10 characters)")
            }
            EvidenceRecords.override.problems(in: override) { report(record(), $0, $1) }
            if Self.isBlank(override.observer) {
                report(record(), "observer", "name the observer who made the override")
            }
            if !overridden.insert(Pair(override.programmeId, override.mechanism)).inserted {
                report(record(), "mechanism", "this programme already has an override for \(override.mechanism)")
            }
        }
        var observedBy = Set<Pair<String, String>>()
        for observation in document.secondObservations {
            func record() -> String { "second observation of session \(observation.sessionId) by \(observation.observerName)" }
            if !sessionIds.contains(observation.sessionId) {
                report(record(), "session_id", "no session has the id \(observation.sessionId)")
            } else if cancelledSessions.contains(observation.sessionId) || notYetHeld.contains(observation.sessionId) {
                report(record(), "session_id", "session \(observation.sessionId) was not held; only a held session can be observed")
            }
            if Self.isBlank(observation.observerName) {
                report(record(), "observer_name", "name the second observer")
            } else if observation.observerName.count > SecondObservation.observerNameLimit {
                report(record(), "observer_name", "\(observation.observerName.count) characters is more than \(SecondObservation.observerNameLimit); give the observer's name")
            } else if !observedBy.insert(Pair(observation.sessionId, observation.observerName)).inserted {
                report(record(), "observer_name", "\(observation.observerName) already has a second observation of this session")
            }
            EvidenceRecords.secondObservation.problems(in: observation) { report(record(), $0, $1) }
        }
        _ = checkUnique(document.excerpts.map(\.id), kind: "excerpt")
        for excerpt in document.excerpts {
            func record() -> String { "excerpt \(excerpt.id)" }
            if !programmeIds.contains(excerpt.programmeId) {
                report(record(), "programme_id", "no programme has the id \(excerpt.programmeId)")
            }
            if Self.isBlank(excerpt.text) {
                report(record(), "text", "write what was said or noted")
            }
            if let today, let date = excerpt.date, date > today {
                report(record(), "date", "\(date) is after today (\(today)); an excerpt is dated when it was said")
            }
            if excerpt.codes.isEmpty {
                report(record(), "codes", "code it to at least one mechanism, as supporting or contradicting it")
            }
            var coded = Set<MechanismID>()
            for code in excerpt.codes {
                if MechanismCatalogue.mechanism(code.mechanism) == nil {
                    report(record(), "codes", "\(code.mechanism) is not a mechanism (M1-M15)")
                } else if !coded.insert(code.mechanism).inserted {
                    report(record(), "codes", "\(code.mechanism) is coded more than once; choose supporting or contradicting")
                }
            }
            EvidenceRecords.excerpt.problems(in: excerpt) { report(record(), $0, $1) }
        }
        // Measures: each must score, and fit the calendar and the dyad's other measures.
        var measured: [String: [RecordedMeasure]] = [:]
        let born = Dictionary(document.dyads.compactMap { dyad in dyad.infantDateOfBirth.map { (dyad.id, $0) } }, uniquingKeysWith: { first, _ in first })
        for measurement in document.measurements.sorted(by: { $0.date < $1.date }) {
            func record() -> String { "measurement \(measurement.id)" }
            if !dyadIds.contains(measurement.dyadId) {
                report(record(), "dyad_id", "no dyad has the id \(measurement.dyadId)")
            }
            do {
                _ = try measurement.score()
                try MeasurementValidator.check(measurement, existing: measured[measurement.dyadId] ?? [],
                                               today: today ?? CalendarDate(year: 9999, month: 12, day: 31)!, bornOn: born[measurement.dyadId])
            } catch {
                report(record(), error.field, error.message)
            }
            measured[measurement.dyadId, default: []].append(measurement)
        }
        return problems
    }
}

/// Two values as one key, without building a string of them.
private struct Pair<First: Hashable, Second: Hashable>: Hashable {
    let first: First
    let second: Second
    init(_ first: First, _ second: Second) { (self.first, self.second) = (first, second) }
}

extension Double {
    /// 21.5 -> "21.5", 20.0 -> "20".
    var formatted1: String {
        self == rounded() ? String(Int(self)) : String(format: "%.1f", self)
    }
}
