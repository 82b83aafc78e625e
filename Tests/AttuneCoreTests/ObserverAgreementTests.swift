import Foundation
import Testing
@testable import AttuneCore

/// `ObserverAgreement` on documents worked out by hand: which sessions pair, what is flagged,
/// what cannot be computed, and that a second observer never changes a profile.
@Suite("Observer agreement of a document")
struct ObserverAgreementTests {
    static func document(second: (Session) -> SecondObservation?) throws -> EvidenceDocument {
        var document = try StudyEvidence.load()
        document.secondObservations = document.sessions.compactMap(second)
        return document
    }

    @Test("a second observer who saw exactly what was logged agrees on every check and every rating; a check always yes says why kappa is undefined")
    func identical() throws {
        let document = try Self.document { SecondObservation(checksOf: $0, observerName: "B") }
        #expect(EvidenceValidator.problems(in: document).isEmpty)
        let agreement = ObserverAgreement(document, rubric: try Rubric.standard())
        #expect(agreement.observedSessions == document.sessions.count)
        for check in agreement.checks where check.n > 0 {
            #expect(check.agreement == 1, "\(check.field.name)")
            if let kappa = check.kappa.value { #expect(abs(kappa.kappa - 1) < 1e-12) }
            else { #expect(check.kappa.reason?.contains("same one category") == true) }
        }
        #expect(agreement.lowChecks.isEmpty)
        #expect(agreement.ratings.agreement == 1 && agreement.ratings.programmes.count == 8)
        // Only mechanisms whose rules read the checks are compared: M4, M5, M6, M8-M15 of the
        // eight programmes that are assessed both ways.
        #expect(agreement.ratings.n > 0 && agreement.ratings.n <= 8 * 11)
    }

    @Test("a second observer who never saw singing where the log did: singing's kappa is low and flagged, and the singing rating disagrees")
    func singingMissed() throws {
        let document = try Self.document { session in
            var seen = SecondObservation(checksOf: session, observerName: "B")
            seen.content.singing = session.content.singing.map { _ in false }
            return seen
        }
        let agreement = ObserverAgreement(document, rubric: try Rubric.standard())
        let singing = try #require(agreement.checks.first { $0.field.name == "singing" })
        let logged = document.sessions.compactMap(\.content.singing)
        #expect(singing.n == logged.count)
        // Agreement only where the log said no too.
        #expect(singing.agreement == Double(logged.filter { !$0 }.count) / Double(logged.count))
        // The second observer's one category makes chance agreement equal observed: kappa 0.
        #expect(abs((singing.kappa.value?.kappa ?? 1) - 0) < 1e-12 && singing.isLow)
        #expect((agreement.ratings.agreement ?? 1) < 1)
    }

    @Test("only held sessions pair; a planned or cancelled session's observation is refused by the validator, naming the field")
    func refusals() throws {
        var document = try StudyEvidence.load()
        document.sessions[0].planned = true
        document.secondObservations = [SecondObservation(sessionId: document.sessions[0].id, observerName: "B"),
                                       SecondObservation(sessionId: "NOPE", observerName: "B"),
                                       SecondObservation(sessionId: document.sessions[1].id, observerName: " "),
                                       SecondObservation(sessionId: document.sessions[2].id, observerName: "B"),
                                       SecondObservation(sessionId: document.sessions[2].id, observerName: "B")]
        let problems = EvidenceValidator.problems(in: document).filter { $0.record.hasPrefix("second observation") }
        #expect(problems.map(\.field) == ["session_id", "session_id", "observer_name", "observer_name"])
        #expect(problems[0].message.contains("was not held") && problems[3].message.contains("already has a second observation"))
        let long = EvidenceDocument(sessions: [document.sessions[3]], secondObservations: [
            SecondObservation(sessionId: document.sessions[3].id, observerName: String(repeating: "x", count: SecondObservation.observerNameLimit + 1))])
        #expect(EvidenceValidator.problems(in: long).map(\.message).contains { $0.contains("201 characters is more than 200") })
        // The planned session and the unknown one pair with nothing.
        #expect(ObserverAgreement(document, rubric: try Rubric.standard()).observedSessions == 2)
    }

    @Test("a second_observations entry with a field no session check has is refused, and the schema lists the same checks as the session")
    func unknownCheck() throws {
        var json = try #require(try JSONSerialization.jsonObject(with: StudyEvidence.load().encoded()) as? [String: Any])
        json["second_observations"] = [["session_id": "A1-S1", "observer_name": "B", "content": ["singin": true, "social_minutes": 10]]]
        let data = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: EvidenceError.unreadable("second_observations[0].content: unknown field singin; second_observations[0].content: unknown field social_minutes")) {
            try EvidenceDocument.read(data)
        }
        let checks = EvidenceRecords.secondObservation.groups.mapValues { Set($0.map(\.name)) }
        for (group, fields) in EvidenceRecords.sessionChecks {
            #expect(checks[group.name] == Set(fields.map(\.name)))
        }
    }
}
