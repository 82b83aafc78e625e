import AttuneCore
import AttuneStore
import FluentKit
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// What a gateway was given, in order.
actor GatewayLog {
    private(set) var sent: [OutgoingReminder] = []
    func record(_ reminder: OutgoingReminder) { sent.append(reminder) }
}

struct FakeGateway: ReminderSender {
    let name = "fake gateway"
    let log: GatewayLog
    func send(_ reminder: OutgoingReminder) async throws -> DeliveryReceipt {
        await log.record(reminder)
        return DeliveryReceipt(providerReference: "fake:\(reminder.reference)", note: "accepted by the fake gateway")
    }
}

/// A gateway that refuses everything for good.
struct RefusingGateway: ReminderSender {
    let name = "refusing gateway"
    func send(_ reminder: OutgoingReminder) async throws -> DeliveryReceipt {
        throw DeliveryFailure("the number is not in service", retryable: false)
    }
}

/// Reminders without cron (issue 25): the server sends what is due by itself, through the
/// gateway it was given, each reminder once however many rounds run.
@Suite("Reminders sent by the server itself")
struct ReminderSchedulerTests {
    @Test("the day before the demo's second session the server's own rounds send each enrolled mother's text or email once, through the gateway")
    func sendsOnce() async throws {
        let log = GatewayLog(), clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock, reminders: (FakeGateway(log: log), 5)) { app async throws in
            let scheduler = try #require(app.reminderScheduler)
            // One gateway for both engines' runs: this run's part of its log.
            let earlier = await log.sent.count
            #expect(scheduler.every == .seconds(5))
            // Noon the day before the second session (a week after today's first): its
            // reminders are due, and the first session's are past.
            let today = CalendarDate.today(at: clock.now)
            let noon = LocalClock.london.instant(today.adding(days: 6), ClockTime(hour: 12, minute: 0)!)
            clock.advance(by: noon.timeIntervalSince(clock.now))

            let document = try await EvidenceStore.load(programmes: [DemoProgramme.id], on: app.db)
            let byGateway = document.invitations.filter { $0.status == .enrolled }.compactMap { invitation in
                document.dyads.first { $0.id == invitation.dyadId }
            }.filter { $0.reminderChannel == .sms || $0.reminderChannel == .email }
            #expect(!byGateway.isEmpty)

            let first = await scheduler.run(app)
            let second = await scheduler.run(app)
            #expect(second.filter { $0.outcome == .sent }.isEmpty)
            let sent = await log.sent.dropFirst(earlier)
            #expect(sent.count == byGateway.count)
            #expect(Set(sent.map(\.address)) == Set(byGateway.compactMap { $0.reminderChannel.address(of: $0) }))
            #expect(first.filter { $0.outcome == .sent }.allSatisfy { $0.session == "\(DemoProgramme.id)-S2" })
            #expect(sent.allSatisfy { $0.message.contains(document.programmes.first?.venue ?? "?") })
        }
    }

    @Test("started with the server, the rounds run by themselves: the reminders due are sent without anyone asking")
    func runsByItself() async throws {
        let log = GatewayLog(), clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock, reminders: (FakeGateway(log: log), 1)) { app async throws in
            let earlier = await log.sent.count
            let today = CalendarDate.today(at: clock.now)
            clock.advance(by: LocalClock.london.instant(today.adding(days: 6), ClockTime(hour: 12, minute: 0)!).timeIntervalSince(clock.now))
            // Started as `attune serve` starts it; the first round comes a second later. Waited
            // for, at most 20 s.
            try await app.asyncBoot()
            for _ in 0..<200 where await log.sent.count == earlier { try await Task.sleep(nanoseconds: 100_000_000) }
            #expect(await log.sent.count > earlier)
        }
    }

    @Test("the reminders page lists failed and unconfirmed ones first; one is settled as sent, a failed one sent again goes out with the next round")
    func remindersPage() async throws {
        let log = GatewayLog(), clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            let earlier = await log.sent.count
            let today = CalendarDate.today(at: clock.now)
            clock.advance(by: LocalClock.london.instant(today.adding(days: 6), ClockTime(hour: 12, minute: 0)!).timeIntervalSince(clock.now))
            let failed = try await ReminderRunner(sender: RefusingGateway()).run(now: clock.now, on: app.db).filter { $0.outcome == .failed }
            #expect(failed.count >= 2)
            // One as a runner killed mid-send leaves it.
            let stuck = try #require(failed.last)
            let key = PlannedReminder.key(session: stuck.session, dyad: stuck.dyad, daysBefore: 1)
            try await app.db.transaction { db in
                try await ReminderModel.query(on: db).filter(\.$key == key).set(\.$status, to: ReminderStatus.unconfirmed.rawValue).update()
            }
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let page = try await facilitator.get("/programmes/\(DemoProgramme.id)/reminders")
            #expect(page.status == .ok)
            let body = page.body.string
            #expect(body.contains("It was sent") && body.contains("Send it again"))
            #expect(body.range(of: "unconfirmed")!.lowerBound < body.range(of: ">planned<")?.lowerBound ?? body.endIndex)

            #expect(try await facilitator.post("/programmes/\(DemoProgramme.id)/reminders", ["key": key, "action": "sent"]).status == .seeOther)
            #expect(try await ReminderOutbox.entries(programme: DemoProgramme.id, on: app.db).first { $0.key == key }?.status == .sent)
            // Settled once: a second answer is refused.
            #expect(try await facilitator.post("/programmes/\(DemoProgramme.id)/reminders", ["key": key, "action": "not_sent"]).status == .unprocessableEntity)

            let again = try #require(failed.first { PlannedReminder.key(session: $0.session, dyad: $0.dyad, daysBefore: 1) != key })
            let againKey = PlannedReminder.key(session: again.session, dyad: again.dyad, daysBefore: 1)
            #expect(try await facilitator.post("/programmes/\(DemoProgramme.id)/reminders", ["key": againKey, "action": "retry"]).status == .seeOther)
            let resent = try await ReminderRunner(sender: FakeGateway(log: log)).run(now: clock.now, on: app.db)
            #expect(resent.contains { $0.dyad == again.dyad && $0.outcome == .sent })
            #expect(await log.sent.count == earlier + 1)

            var other = try await WebSession.signIn(app, as: "demo-facilitator-b")
            #expect(try await other.get("/programmes/\(DemoProgramme.id)/reminders").status == .notFound)
            #expect(try await other.post("/programmes/\(DemoProgramme.id)/reminders", ["key": againKey, "action": "retry"]).status == .notFound)
            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.get("/programmes/\(DemoProgramme.id)/reminders").status == .forbidden)
        }
    }

    @Test("a reminder still planned when its session has started reads as not sent, on the programme's reminders and on her page alike")
    func startedSessionsReminders() async throws {
        let clock = TestClock()
        try await withAttune(demo: true, currentProgramme: true, clock: clock) { app async throws in
            // Planned now; a week on, with no round of the server's run since, the next session's
            // reminders are still planned though it has started.
            try await ReminderOutbox.refresh(programmes: [DemoProgramme.id], now: clock.now, on: app.db)
            let week: TimeInterval = 8 * 24 * 60 * 60
            let planned = try await ReminderOutbox.entries(programme: DemoProgramme.id, on: app.db)
            #expect(planned.contains { $0.status == .pending && $0.sessionStartsAt <= clock.now.addingTimeInterval(week) })
            // (Back again afterwards: the same clock starts the test's run on the other engine.)
            clock.advance(by: week)
            defer { clock.advance(by: -week) }
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            for path in ["/programmes/\(DemoProgramme.id)/reminders", "/dyads/\(DemoProgramme.id)-D1"] {
                let page = try await manager.get(path).body.string
                #expect(page.contains("not sent: the session has started"), "\(path) called a reminder of a started session planned")
            }
            // The programme's summary line counts them as the rows say them, not as planned.
            let reminders = try await manager.get("/programmes/\(DemoProgramme.id)/reminders").body.string
            let started = try await ReminderOutbox.entries(programme: DemoProgramme.id, on: app.db)
                .filter { $0.status == .pending && $0.sessionStartsAt <= clock.now }.count
            #expect(started > 0 && reminders.contains("\(started) not sent: the session has started"))
            let stillPlanned = try await ReminderOutbox.entries(programme: DemoProgramme.id, on: app.db)
                .filter { $0.status == .pending && $0.sessionStartsAt > clock.now }.count
            #expect(stillPlanned == 0 ? !reminders.contains(" planned") : reminders.contains("\(stillPlanned) planned"))
        }
    }
}
