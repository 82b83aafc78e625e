import Foundation
import Testing
@testable import AttuneCore

/// A planned session is on the calendar, not yet held (issue 25): it counts towards no rating
/// and no held session, and takes no attendance, until its log is saved.
@Suite("Planned sessions")
struct PlannedSessionTests {
    /// Programme P of five sessions led by F1 with every check met; the first `held` of them held,
    /// the rest planned.
    static func document(held: Int) -> EvidenceDocument {
        let sessions = (1...5).map { number -> Session in
            var session = Session(id: "P-S\(number)", programmeId: "P", number: number, date: CalendarDate("2026-11-02")!.adding(days: 7 * (number - 1)),
                                  facilitatorsPresent: ["F1"], leadFacilitatorId: "F1", roomTemperatureCelsius: 22,
                                  planned: number > held ? true : nil)
            for check in SessionCheckField.all { session[keyPath: check.keyPath] = true }
            return session
        }
        return EvidenceDocument(centres: [Centre(id: "C", name: "Centre")],
                                facilitators: [Facilitator(id: "F1", name: "Ann", role: .healthVisitor, trainingBody: .iaim)],
                                programmes: [Programme(id: "P", centreId: "C", name: "P", plannedSessions: 5)], sessions: sessions)
    }

    @Test("five planned sessions led by F1: no rating from them, none held, provisional; three logged: rated from those three")
    func plannedCountForNothing() throws {
        let engine = AssessmentEngine(rubric: try Rubric.standard())
        let planned = engine.profiles(EvidenceIndex(Self.document(held: 0)))[0]
        #expect(planned.heldSessions == 0)
        #expect(planned.basis == "based on 0 of 5 planned sessions held")
        #expect(planned.assessment(MechanismID(3))?.rating != .yes, "consistent facilitator from sessions not yet held")
        #expect(planned.total == 0)
        #expect(engine.rubric.isProvisional(heldSessions: planned.heldSessions))

        let three = engine.profiles(EvidenceIndex(Self.document(held: 3)))[0]
        #expect(three.heldSessions == 3)
        #expect(three.assessment(MechanismID(3))?.rating == .yes)
        #expect(three.assessment(MechanismID(3))?.derived.explanation.contains("3") == true)
        #expect(!engine.rubric.isProvisional(heldSessions: three.heldSessions))
        // The same sessions all held rate the same: only the planned mark differs.
        #expect(engine.profiles(EvidenceIndex(Self.document(held: 5)))[0].heldSessions == 5)
    }

    @Test("attendance at a planned session is refused, naming the session; the mark reads back from JSON and is left out when held")
    func plannedTakesNoAttendance() throws {
        var document = Self.document(held: 1)
        document.dyads = [Dyad(id: "D1", consentToRecords: true)]
        document.invitations = [Invitation(id: "I1", dyadId: "D1", programmeId: "P", invitedByFacilitatorId: "F1", mode: .inPerson, status: .enrolled)]
        document.attendance = [Attendance(dyadId: "D1", sessionId: "P-S2", status: .present)]
        let problems = EvidenceValidator.problems(in: document)
        #expect(problems.contains { $0.field == "session_id" && $0.message.contains("session P-S2 is planned, not yet held") })
        document.attendance = [Attendance(dyadId: "D1", sessionId: "P-S1", status: .present)]
        #expect(EvidenceValidator.problems(in: document).isEmpty)

        let json = String(decoding: try document.encoded(), as: UTF8.self)
        #expect(json.components(separatedBy: "\"planned\" : true").count - 1 == 4)
        #expect(!json.contains("\"planned\" : false"))
        #expect(try EvidenceDocument.read(Data(json.utf8)).sessions.map(\.planned) == [nil, true, true, true, true])
    }

    @Test("a cancelled session, like a planned one, counts towards no rating: cancelling one changes no mechanism")
    func cancelledCountsForNothing() throws {
        let engine = AssessmentEngine(rubric: try Rubric.standard())
        var document = Self.document(held: 5)
        // Six mothers at each session: group size (M7) in range.
        document.dyads = (1...6).map { Dyad(id: "D\($0)", consentToRecords: true) }
        document.invitations = (1...6).map { Invitation(id: "I\($0)", dyadId: "D\($0)", programmeId: "P", invitedByFacilitatorId: "F1",
                                                        mode: .inPerson, status: .enrolled) }
        document.attendance = (1...4).flatMap { number in (1...6).map { Attendance(dyadId: "D\($0)", sessionId: "P-S\(number)", status: .present) } }
        // The fifth: cancelled, with another lead named and nothing recorded.
        document.sessions[4] = Session(id: "P-S5", programmeId: "P", number: 5, date: document.sessions[4].date, facilitatorsPresent: ["F2"],
                                       leadFacilitatorId: "F2", cancelled: true)
        document.facilitators.append(Facilitator(id: "F2", name: "Bea", role: .midwife, trainingBody: .other))
        let withCancelled = engine.profiles(EvidenceIndex(document))[0]
        var fourOnly = document
        fourOnly.sessions.removeLast()
        let four = engine.profiles(EvidenceIndex(fourOnly))[0]
        #expect(withCancelled.heldSessions == 4)
        #expect(withCancelled.assessments.map(\.rating) == four.assessments.map(\.rating))
        #expect(withCancelled.assessment(MechanismID(3))?.rating == .yes)
        #expect(withCancelled.assessment(MechanismID(7))?.rating == four.assessment(MechanismID(7))?.rating)
    }
}
