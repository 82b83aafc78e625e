import Foundation
import Testing
@testable import AttuneCore

/// Reminder times are checked against instants worked out by hand from the UK's clock rules
/// (BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October).
@Suite struct ReminderPlannerTests {
    static func utc(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    /// One programme whose sessions fall on the given dates, one enrolled dyad who prefers SMS.
    static func fixture(sessionDates: [String], schedule: ReminderSchedule? = nil, channel: ReminderChannel = .sms,
                        phone: String? = "07700 900123", status: EnrolmentStatus = .enrolled) -> (Programme, [Session], [Invitation], [String: Dyad]) {
        let programme = Programme(id: "P", centreId: "C", name: "Baby massage", plannedSessions: sessionDates.count,
                                  venue: "the Oak Room", reminders: schedule)
        let sessions = sessionDates.enumerated().map { index, date in
            Session(id: "S\(index + 1)", programmeId: "P", number: index + 1, date: CalendarDate(date),
                    facilitatorsPresent: ["F1"], leadFacilitatorId: "F1")
        }
        let dyad = Dyad(id: "D1", motherName: "Kerry Smith", consentToRecords: true, phone: phone, preferredChannel: channel)
        let invitation = Invitation(id: "I1", dyadId: "D1", programmeId: "P", invitedByFacilitatorId: "F1", mode: .inPerson, status: status)
        return (programme, sessions, [invitation], ["D1": dyad])
    }

    static func plan(_ fixture: (Programme, [Session], [Invitation], [String: Dyad])) -> ReminderPlan {
        ReminderPlanner().plan(programme: fixture.0, centreName: "Riverside", sessions: fixture.1, invitations: fixture.2,
                               dyads: fixture.3, facilitatorNames: ["F1": "Jo"])
    }

    @Test func standardScheduleAcrossTheSpringClockChange() {
        // First session Tuesday 31 March 2026 at 10:00 BST (clocks went forward on 29 March).
        let plan = Self.plan(Self.fixture(sessionDates: ["2026-03-31", "2026-04-07"]))
        let due = plan.reminders.map { "\($0.sessionId) \($0.daysBefore)" }
        #expect(due == ["S1 7", "S1 1", "S2 1"])
        #expect(plan.reminders[0].dueAt == Self.utc("2026-03-24T10:00:00Z")) // GMT: 10:00 local = 10:00 UTC
        #expect(plan.reminders[1].dueAt == Self.utc("2026-03-30T09:00:00Z")) // BST: 10:00 local = 09:00 UTC
        #expect(plan.reminders[1].sessionStartsAt == Self.utc("2026-03-31T09:00:00Z"))
        #expect(plan.reminders[2].dueAt == Self.utc("2026-04-06T09:00:00Z"))
    }

    @Test func standardScheduleAcrossTheAutumnClockChange() {
        // Clocks go back at 01:00 UTC on Sunday 25 October 2026.
        let plan = Self.plan(Self.fixture(sessionDates: ["2026-10-27"]))
        #expect(plan.reminders.map(\.dueAt) == [Self.utc("2026-10-20T09:00:00Z"), Self.utc("2026-10-26T10:00:00Z")])
    }

    @Test func monthAndYearEnds() {
        #expect(Self.plan(Self.fixture(sessionDates: ["2026-03-01"])).reminders.map(\.dueAt)
                    == [Self.utc("2026-02-22T10:00:00Z"), Self.utc("2026-02-28T10:00:00Z")])
        #expect(Self.plan(Self.fixture(sessionDates: ["2028-03-01"])).reminders.map(\.dueAt)
                    == [Self.utc("2028-02-23T10:00:00Z"), Self.utc("2028-02-29T10:00:00Z")]) // leap year
        #expect(Self.plan(Self.fixture(sessionDates: ["2027-01-01"])).reminders.map(\.dueAt)
                    == [Self.utc("2026-12-25T10:00:00Z"), Self.utc("2026-12-31T10:00:00Z")])
        #expect(Self.plan(Self.fixture(sessionDates: ["2026-05-01"])).reminders.map(\.dueAt)
                    == [Self.utc("2026-04-24T09:00:00Z"), Self.utc("2026-04-30T09:00:00Z")])
    }

    @Test func aProgrammeCanSetItsOwnSchedule() {
        let schedule = ReminderSchedule(daysBeforeFirst: [3], daysBeforeLater: [2, 0], sendAt: ClockTime("18:30")!)
        let plan = Self.plan(Self.fixture(sessionDates: ["2026-06-02", "2026-06-09"], schedule: schedule))
        #expect(plan.reminders.map { "\($0.sessionId) \($0.daysBefore)" } == ["S1 3", "S2 2", "S2 0"])
        #expect(plan.reminders[0].dueAt == Self.utc("2026-05-30T17:30:00Z"))
        #expect(ReminderSchedule(daysBeforeFirst: [29], daysBeforeLater: [1, 1], sendAt: ClockTime("09:00")!).problems.count == 2)
    }

    @Test func onlyEnrolledDyadsAndHeldSessionsAreReminded() {
        for status in [EnrolmentStatus.invited, .declined, .withdrawn, .completed] {
            #expect(Self.plan(Self.fixture(sessionDates: ["2026-06-02"], status: status)).reminders.isEmpty)
        }
        var fixture = Self.fixture(sessionDates: ["2026-06-02", "2026-06-09"])
        fixture.1[0].cancelled = true
        // With session 1 cancelled, session 2 is her first: she gets the first-session reminders.
        #expect(Self.plan(fixture).reminders.map { "\($0.sessionId) \($0.daysBefore)" } == ["S2 7", "S2 1"])
    }

    @Test func aChannelWithoutContactIsAProblemNotAReminder() {
        let plan = Self.plan(Self.fixture(sessionDates: ["2026-06-02"], channel: .sms, phone: nil))
        #expect(plan.reminders.isEmpty)
        #expect(plan.problems.map(\.description) == ["dyad D1: prefers SMS reminders but has no phone recorded"])
        #expect(Self.plan(Self.fixture(sessionDates: ["2026-06-02"], channel: .printedList, phone: nil)).reminders.count == 2)
    }

    @Test func theMessageIsWarmAndInTheInvitersName() {
        let reminder = Self.plan(Self.fixture(sessionDates: ["2026-06-02", "2026-06-09"])).reminders
        #expect(reminder[0].message.hasPrefix("Hello Kerry, it's Jo from Riverside: your place on Baby massage is booked. We start on Tuesday 2 June at 10:00 at the Oak Room."))
        #expect(reminder[0].message.contains("Don't worry if you're running late"))
        #expect(reminder[0].message.contains("your place is kept for you"))
        #expect(reminder[2].message.contains("just a reminder that Baby massage is on Tuesday 9 June at 10:00"))
        #expect(reminder.allSatisfy { $0.address == "07700 900123" && $0.inviter == "Jo" })
    }

    @Test func sendingDecisions() {
        let due = Self.utc("2026-06-01T09:00:00Z"), start = Self.utc("2026-06-02T09:00:00Z")
        func decide(_ now: String, cancelled: Bool = false, _ status: EnrolmentStatus = .enrolled, later: Int? = nil) -> ReminderDecision {
            ReminderDecision.decide(dueAt: due, sessionStartsAt: start, now: Self.utc(now), sessionCancelled: cancelled,
                                    enrolment: status, supersededBy: later)
        }
        #expect(decide("2026-06-01T08:59:59Z") == .wait)
        #expect(decide("2026-06-01T09:00:00Z") == .send)
        #expect(decide("2026-06-02T08:59:59Z") == .send)
        #expect(decide("2026-06-02T09:00:00Z") == .skip("the session has already started"))
        #expect(decide("2026-06-01T10:00:00Z", cancelled: true) == .skip("the session was cancelled"))
        #expect(decide("2026-06-01T10:00:00Z", .withdrawn) == .skip("she withdrew from the programme"))
        #expect(decide("2026-06-01T10:00:00Z", .completed) == .skip("she has completed the programme"))
        #expect(decide("2026-06-01T10:00:00Z", later: 1) == .skip("superseded by the reminder 1 day before, also due"))
    }

    @Test func retriesBackOffThenGiveUp() {
        let policy = RetryPolicy.standard
        #expect(policy.delay(afterAttempt: 1) == 300)
        #expect(policy.delay(afterAttempt: 2) == 1200)
        #expect(policy.delay(afterAttempt: 3) == 4800)
        #expect(policy.delay(afterAttempt: 4) == nil)
    }

    @Test func clockTimesAreValidated() {
        #expect(ClockTime("24:00") == nil)
        #expect(ClockTime("9:30") == nil)
        #expect(ClockTime("09:60") == nil)
        #expect(ClockTime("23:59")?.description == "23:59")
    }

    @Test("a mother who said no to being contacted is reminded on the printed list only, whatever channel she chose")
    func noContact() {
        var dyad = Dyad(id: "D1", consentToRecords: true, phone: "07700 900123", preferredChannel: .sms)
        #expect(dyad.reminderChannel == .sms)
        dyad.consentToContact = false
        #expect(dyad.reminderChannel == .printedList)
    }
}
