import AttuneCore
import AttuneStore
import FluentKit
import Foundation
import Testing

/// A sender that records what it was given; it can fail, and can pause so that runners overlap.
actor RecordingSender {
    private(set) var sent: [OutgoingReminder] = []
    var failures: [DeliveryFailure] = []

    func record(_ reminder: OutgoingReminder) throws {
        if !failures.isEmpty { throw failures.removeFirst() }
        sent.append(reminder)
    }

    func failNext(_ failures: [DeliveryFailure]) { self.failures = failures }
}

struct TestSender: ReminderSender {
    let name = "test"
    let log: RecordingSender
    var pauseNanoseconds: UInt64 = 0

    func send(_ reminder: OutgoingReminder) async throws -> DeliveryReceipt {
        if pauseNanoseconds > 0 { try await Task.sleep(nanoseconds: pauseNanoseconds) }
        try await log.record(reminder)
        return DeliveryReceipt(providerReference: "test:\(reminder.reference)", note: "accepted by the test gateway")
    }
}

@Suite("Reminders: planning, exactly-once sending, retries")
struct ReminderRunnerTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    /// The day before the first session (Tuesday 31 March 2026, BST), 09:30 UTC: the 1-day
    /// reminder (due 09:00 UTC) and the 7-day one (due a week ago) are both due.
    static let now = utc("2026-03-30T09:30:00Z")

    /// One programme of two sessions; D1 prefers SMS, D2 a phone call, D3 email, and dyads
    /// D4... (`extra` of them) SMS.
    static func document(extra: Int = 0, placeLimit: Int? = nil) -> EvidenceDocument {
        var document = EvidenceDocument(
            centres: [Centre(id: "C", name: "Riverside", deprivationDecile: 2)],
            facilitators: [Facilitator(id: "F1", name: "Jo Brown", role: .healthVisitor, trainingBody: .iaim, trainingDays: 4)],
            programmes: [Programme(id: "P", centreId: "C", name: "Baby massage", plannedSessions: 2, placeLimit: placeLimit, venue: "the Oak Room")],
            sessions: ["2026-03-31", "2026-04-07"].enumerated().map { index, date in
                Session(id: "S\(index + 1)", programmeId: "P", number: index + 1, date: CalendarDate(date),
                        facilitatorsPresent: ["F1"], leadFacilitatorId: "F1")
            })
        let channels: [ReminderChannel] = [.sms, .phoneCall, .email] + Array(repeating: .sms, count: extra)
        for (index, channel) in channels.enumerated() {
            let id = "D\(index + 1)"
            document.dyads.append(Dyad(id: id, motherName: "Mother \(id)", consentToRecords: true, phone: "07700 900\(100 + index)",
                                       email: "\(id.lowercased())@example.org", preferredChannel: channel))
            document.invitations.append(Invitation(id: "I\(index + 1)", dyadId: id, programmeId: "P", invitedByFacilitatorId: "F1",
                                                   mode: .inPerson, status: .enrolled))
        }
        return document
    }

    static func withStore(_ location: DatabaseLocation? = nil, extra: Int = 0,
                          _ body: (Databases, any Database) async throws -> Void) async throws {
        try await withTemporaryFolder { folder async throws in
            let place = location ?? .sqliteFile(path: folder.appendingPathComponent("r.sqlite").path)
            try await withTestDatabases(place) { databases async throws in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                try await EvidenceStore.save(document(extra: extra), now: now, on: db)
                try await body(databases, db)
            }
        }
    }

    @Test("a run sends what is due once, in the inviter's name; the next run sends nothing")
    func sendsOnce() async throws {
        try await Self.withStore { _, db async throws in
            let log = RecordingSender()
            let runner = ReminderRunner(sender: TestSender(log: log))
            let results = try await runner.run(now: Self.now, on: db)
            // D1 by SMS and D3 by email are sent, D2's call goes on the facilitator's list; the
            // 7-day reminders that fell due unsent are superseded by the 1-day ones.
            #expect(results.filter { $0.outcome == .sent }.map(\.dyad).sorted() == ["D1", "D3"])
            #expect(results.filter { $0.outcome == .listed }.map(\.dyad) == ["D2"])
            #expect(results.filter { $0.outcome == .skipped }.count == 3)
            #expect(results.filter { $0.outcome == .skipped }.allSatisfy { $0.note == "superseded by the reminder 1 day before, also due" })
            let sent = await log.sent
            #expect(sent.map(\.reference).sorted() == ["S1#D1#1", "S1#D3#1"])
            #expect(sent.first { $0.channel == .sms }?.address == "07700 900100")
            #expect(sent.allSatisfy { $0.message.contains("it's Jo Brown from Riverside") && $0.message.contains("Don't worry if you're running late") })
            #expect(try await runner.run(now: Self.now.addingTimeInterval(60), on: db).isEmpty)
            #expect(await log.sent.count == 2)
            // A week later the second session's reminders are due.
            let later = try await runner.run(now: Self.utc("2026-04-06T09:05:00Z"), on: db)
            #expect(later.map(\.session).allSatisfy { $0 == "S2" })
            #expect(await log.sent.count == 4)
        }
    }

    static func concurrentRunners(_ databases: Databases, _ db: any Database) async throws {
        let log = RecordingSender()
        let loops = Array(databases.eventLoopGroup.makeIterator())
        // Six runners on two connections, each pausing in the middle of every send.
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                let connection = databases.database(logger: testLogger, on: loops[index % loops.count])!
                group.addTask {
                    let runner = ReminderRunner(sender: TestSender(log: log, pauseNanoseconds: 2_000_000))
                    return try await runner.run(now: Self.now, on: connection).filter { $0.outcome == .sent || $0.outcome == .listed }.count
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let references = await log.sent.map(\.reference)
        // 40 dyads: one by phone call (listed), 39 by SMS or email, one 1-day reminder each.
        #expect(references.count == 39)
        #expect(Set(references).count == references.count, "a reminder was sent twice")
        #expect(counts.reduce(0, +) == 40)
        let outbox = try await ReminderOutbox.entries(on: db)
        #expect(outbox.filter { $0.status == .sending || $0.status == .pending && $0.dueAt <= Self.now }.isEmpty)
    }

    @Test("six runners at once on SQLite: every due reminder goes exactly once")
    func concurrentSQLite() async throws {
        try await Self.withStore(extra: 37) { databases, db async throws in try await Self.concurrentRunners(databases, db) }
    }

    @Test("six runners at once on PostgreSQL: every due reminder goes exactly once", PostgresTestServer.trait)
    func concurrentPostgres() async throws {
        try await PostgresTestServer.withDatabase { location async throws in
            try await Self.withStore(location, extra: 37) { databases, db async throws in try await Self.concurrentRunners(databases, db) }
        }
    }

    @Test("nothing is sent after she withdrew or completed, or after the session was cancelled or started")
    func nothingAfterwards() async throws {
        try await Self.withStore { _, db async throws in
            let log = RecordingSender()
            let runner = ReminderRunner(sender: TestSender(log: log))
            // Plan while all is well, then things change before the reminders fall due.
            try await ReminderOutbox.refresh(now: Self.utc("2026-03-20T09:00:00Z"), on: db)
            _ = try await EnrolmentStore.close(dyad: "D1", programme: "P", as: .withdrawn, reason: "moved away", on: CalendarDate("2026-03-21")!, database: db)
            _ = try await EnrolmentStore.close(dyad: "D3", programme: "P", as: .completed, reason: nil, on: CalendarDate("2026-03-21")!, database: db)
            let results = try await runner.run(now: Self.now, on: db)
            #expect(await log.sent.isEmpty)
            #expect(results.filter { $0.dyad == "D1" && $0.note == "she withdrew from the programme" }.count == 2)
            #expect(results.filter { $0.dyad == "D3" && $0.note == "she has completed the programme" }.count == 2)

            try await AttendanceStore.cancel(session: "S2", database: db)
            let cancelled = try await runner.run(now: Self.utc("2026-04-06T10:00:00Z"), on: db)
            #expect(cancelled.filter { $0.dyad == "D2" }.map(\.note) == ["the session was cancelled"])
            // A reminder whose session has started is never sent late.
            let outbox = try await ReminderOutbox.entries(on: db)
            #expect(outbox.allSatisfy { $0.status != .pending })
        }
    }

    @Test("a reminder found only after its session started is skipped, not sent")
    func pastSession() async throws {
        try await Self.withStore { _, db async throws in
            let log = RecordingSender()
            try await ReminderOutbox.refresh(now: Self.utc("2026-03-20T09:00:00Z"), on: db)
            let results = try await ReminderRunner(sender: TestSender(log: log)).run(now: Self.utc("2026-03-31T12:00:00Z"), on: db)
            #expect(await log.sent.isEmpty)
            #expect(results.filter { $0.session == "S1" }.allSatisfy { $0.outcome == .skipped })
            #expect(results.contains { $0.note == "the session has already started" })
        }
    }

    @Test("failed deliveries are retried with backoff, then given up and shown as failed")
    func retryAndGiveUp() async throws {
        try await Self.withStore { _, db async throws in
            let log = RecordingSender()
            let runner = ReminderRunner(sender: TestSender(log: log))
            let down = DeliveryFailure("the gateway answered 503", retryable: true)
            // D1's SMS and D3's email both fail on every try.
            await log.failNext(Array(repeating: down, count: 8))
            var results = try await runner.run(now: Self.now, on: db)
            #expect(results.filter { $0.outcome == .retrying }.count == 2)
            #expect(try await runner.run(now: Self.now.addingTimeInterval(299), on: db).isEmpty) // 5 minutes not yet passed
            results = try await runner.run(now: Self.now.addingTimeInterval(301), on: db)
            #expect(results.filter { $0.outcome == .retrying }.count == 2)
            results = try await runner.run(now: Self.now.addingTimeInterval(301 + 1201), on: db)
            #expect(results.filter { $0.outcome == .retrying }.count == 2)
            results = try await runner.run(now: Self.now.addingTimeInterval(301 + 1201 + 4801), on: db)
            #expect(results.filter { $0.outcome == .failed }.count == 2)
            #expect(results.allSatisfy { $0.note?.hasPrefix("gave up after 4 attempts: the gateway answered 503") == true })
            let failed = try await ReminderOutbox.entries(statuses: [.failed], on: db)
            #expect(failed.map(\.dyadId).sorted() == ["D1", "D3"])
            #expect(await log.sent.isEmpty)
        }
    }

    @Test("a refusal that retrying cannot fix fails at once; a gateway that recovers delivers")
    func refusalAndRecovery() async throws {
        try await Self.withStore { _, db async throws in
            let log = RecordingSender()
            let runner = ReminderRunner(sender: TestSender(log: log))
            await log.failNext([DeliveryFailure("the gateway refused it with 400: not a UK mobile number", retryable: false),
                                DeliveryFailure("timed out", retryable: true)])
            let first = try await runner.run(now: Self.now, on: db)
            #expect(first.filter { $0.outcome == .failed }.count == 1)
            #expect(first.filter { $0.outcome == .retrying }.count == 1)
            let second = try await runner.run(now: Self.now.addingTimeInterval(400), on: db)
            #expect(second.map(\.outcome) == [.sent])
            #expect(await log.sent.count == 1)
        }
    }

    @Test("a claim left by a runner that stopped mid-send is marked unconfirmed, never resent")
    func abandonedClaim() async throws {
        try await Self.withStore { _, db async throws in
            try await ReminderOutbox.refresh(now: Self.now, on: db)
            // As a runner killed between claiming and recording leaves it.
            try await ReminderModel.query(on: db).filter(\.$key == "S1#D1#1")
                .set(\.$status, to: "sending").set(\.$claimToken, to: "dead-runner")
                .set(\.$claimedAt, to: Self.now.timeIntervalSince1970 - 5).update()
            let log = RecordingSender()
            let runner = ReminderRunner(sender: TestSender(log: log))
            _ = try await runner.run(now: Self.now, on: db)
            #expect(await !log.sent.map(\.reference).contains("S1#D1#1"))
            // Within the lease it is left alone; after it, a person is asked to check.
            _ = try await runner.run(now: Self.now.addingTimeInterval(601), on: db)
            let entry = try #require(try await ReminderOutbox.entries(on: db).first { $0.key == "S1#D1#1" })
            #expect(entry.status == .unconfirmed)
            #expect(await !log.sent.map(\.reference).contains("S1#D1#1"))
        }
    }

    @Test("a dyad whose channel has no contact is reported, not planned")
    func missingContact() async throws {
        try await Self.withStore { _, db async throws in
            try await DyadModel.query(on: db).filter(\.$code == "D1").set(\.$phone, to: nil).update()
            let problems = try await ReminderOutbox.refresh(programmes: ["P"], now: Self.now, on: db)
            #expect(problems.map(\.description) == ["dyad D1: prefers SMS reminders but has no phone recorded"])
            #expect(try await ReminderOutbox.entries(on: db).allSatisfy { $0.dyadId != "D1" })
            await #expect(throws: ReachInputError("reminders", field: "programme", "no programme has the id Q")) {
                try await ReminderOutbox.refresh(programmes: ["Q"], now: Self.now, on: db)
            }
        }
    }

    @Test("a reminder by hand: refused for a past or cancelled session, an unenrolled dyad or a missing contact; sent once")
    func byHand() async throws {
        try await Self.withStore { _, db async throws in
            let record = "reminder for dyad D1 at session S1"
            await #expect(throws: ReachInputError(record, field: "session",
                                                  "session S1 started at 2026-03-31 10:00 BST; a reminder can only be for a session still to come")) {
                try await ReminderOutbox.addManual(session: "S1", dyad: "D1", now: Self.utc("2026-03-31T09:00:00Z"), on: db)
            }
            try await DyadModel.query(on: db).filter(\.$code == "D3").set(\.$email, to: nil).update()
            await #expect(throws: ReachInputError("reminder for dyad D3 at session S1", field: "channel",
                                                  "prefers email reminders but has no email recorded")) {
                try await ReminderOutbox.addManual(session: "S1", dyad: "D3", now: Self.now, on: db)
            }
            _ = try await EnrolmentStore.close(dyad: "D2", programme: "P", as: .withdrawn, reason: "moved", on: CalendarDate("2026-03-01")!, database: db)
            await #expect(throws: ReachInputError.self) {
                try await ReminderOutbox.addManual(session: "S1", dyad: "D2", now: Self.now, on: db)
            }
            #expect(try await ReminderOutbox.entries(on: db).isEmpty)

            let entry = try await ReminderOutbox.addManual(session: "S1", dyad: "D1", now: Self.utc("2026-03-27T12:00:00Z"), on: db)
            #expect(entry.status == .pending)
            await #expect(throws: ReachInputError.self) {
                try await ReminderOutbox.addManual(session: "S1", dyad: "D1", now: Self.utc("2026-03-27T12:00:00Z"), on: db)
            }
            let log = RecordingSender()
            let results = try await ReminderRunner(sender: TestSender(log: log)).run(now: Self.utc("2026-03-27T12:01:00Z"), on: db)
            #expect(await log.sent.map(\.reference) == ["S1#D1#manual"])
            // D1's 7-day reminder, due at the same time, is superseded rather than sent as well.
            #expect(results.contains { $0.dyad == "D1" && $0.outcome == .skipped })
        }
    }
}
