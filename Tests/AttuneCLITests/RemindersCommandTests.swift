import AttuneCore
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("attune enrol, attendance, reminders, reach and missed", .serialized)
struct RemindersCommandTests {
    /// Tuesday 31 March 2026 is the first session; at this instant its 1-day reminders are due.
    static let now = "2026-03-30T09:30:00Z"

    /// A programme P of two sessions with `count` enrolled dyads preferring SMS, one place
    /// limit of count + 1, and one dyad D99 invited but not yet enrolled.
    static func document(count: Int) throws -> Data {
        var document = EvidenceDocument(
            centres: [Centre(id: "C", name: "Riverside", deprivationDecile: 2)],
            facilitators: [Facilitator(id: "F1", name: "Jo Brown", role: .healthVisitor, trainingBody: .iaim, trainingDays: 4)],
            programmes: [Programme(id: "P", centreId: "C", name: "Baby massage", plannedSessions: 2, placeLimit: count + 1)],
            sessions: ["2026-03-31", "2026-04-07"].enumerated().map { index, date in
                Session(id: "S\(index + 1)", programmeId: "P", number: index + 1, date: CalendarDate(date),
                        facilitatorsPresent: ["F1"], leadFacilitatorId: "F1")
            })
        for index in 1...count {
            let id = String(format: "D%02d", index)
            document.dyads.append(Dyad(id: id, motherName: "Mother \(index)", consentToRecords: true,
                                       phone: String(format: "07700 900%03d", index), preferredChannel: .sms))
            document.invitations.append(Invitation(id: "I\(index)", dyadId: id, programmeId: "P", invitedByFacilitatorId: "F1",
                                                   mode: .inPerson, status: .enrolled))
        }
        document.dyads.append(Dyad(id: "D99", consentToRecords: true))
        document.invitations.append(Invitation(id: "I99", dyadId: "D99", programmeId: "P", mode: .leafletOrPoster))
        return try document.encoded()
    }

    func withProgramme(count: Int, _ body: (URL, FakeNotifyGateway, [String: String]) async throws -> Void) async throws {
        try await withTemporaryFolder { folder async throws in
            try Self.document(count: count).write(to: folder.appendingPathComponent("p.json"))
            #expect(try await AttuneProcess.run(["import", "evidence", "p.json"], in: folder).exitCode == 0)
            let gateway = try await FakeNotifyGateway()
            let environment = ["ATTUNE_NOTIFY_URL": gateway.url, "ATTUNE_NOTIFY_API_KEY": FakeNotifyGateway.apiKey,
                               "ATTUNE_NOTIFY_SMS_TEMPLATE": "sms-template-1", "ATTUNE_NOTIFY_EMAIL_TEMPLATE": "email-template-1"]
            do { try await body(folder, gateway, environment) } catch { try await gateway.stop(); throw error }
            try await gateway.stop()
        }
    }

    @Test("reminders run posts each due reminder to the gateway once and prints them as JSON")
    func runOnce() async throws {
        try await withProgramme(count: 3) { folder, gateway, environment in
            let plan = try await AttuneProcess.run(["reminders", "plan", "P", "--now", Self.now], in: folder)
            #expect(plan.exitCode == 0)
            #expect(plan.stdout.contains("Reminder plan for P (times are UK local time): 9 reminders"))
            #expect(plan.stdout.contains("2026-03-30 10:00 BST  S1  D01  SMS, 1 day before  due now"))
            #expect(plan.stdout.contains("2026-03-24 10:00 GMT  S1  D01  SMS, 7 days before  due, but superseded by a later reminder"))
            #expect(plan.stdout.contains("2026-04-06 10:00 BST  S2  D03  SMS, 1 day before  pending"))

            let run = try await AttuneProcess.run(["reminders", "run", "--now", Self.now, "--json"], in: folder, environment: environment)
            #expect(run.exitCode == 0, "\(run.stderr)")
            let sent = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: String]]
            #expect(sent?.count == 3)
            #expect(sent?.first == ["dyad": "D01", "session": "S1", "channel": "sms", "time": Self.now, "outcome": "sent"])
            // The 7-day reminders, never sent in time, are superseded rather than sent late.
            #expect(run.stderr.contains("skipped: D01 for S1: superseded by the reminder 1 day before, also due"))

            let received = await gateway.state.received
            #expect(received.map(\.reference).sorted() == ["S1#D01#1", "S1#D02#1", "S1#D03#1"])
            #expect(received.allSatisfy { $0.path == "/v2/notifications/sms" && $0.templateID == "sms-template-1" })
            #expect(received.first { $0.reference == "S1#D02#1" }?.recipient == "07700 900002")
            #expect(received.allSatisfy { $0.message.contains("it's Jo Brown from Riverside") })

            let again = try await AttuneProcess.run(["reminders", "run", "--now", Self.now, "--json"], in: folder, environment: environment)
            let none = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [Any]
            #expect(none?.isEmpty == true)
            #expect(await gateway.state.received.count == 3)
        }
    }

    @Test("a runner killed mid-send and restarted sends nothing twice")
    func killAndRestart() async throws {
        try await withProgramme(count: 10) { folder, gateway, environment in
            // The gateway takes the 4th request and never answers it; the runner is killed then.
            await gateway.state.set(hangOn: 4, failures: [])
            let process = try ChildProcess(executable: AttuneProcess.binary.path, arguments: ["reminders", "run", "--now", Self.now],
                                           environment: AttuneProcess.environment.merging(environment) { _, new in new }, folder: folder)
            let deadline = Date().addingTimeInterval(60)
            while await gateway.state.received.count < 4 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            process.signal(SIGKILL)
            await process.wait()
            let beforeRestart = await gateway.state.received.map(\.reference)
            #expect(beforeRestart.count == 4)
            await gateway.state.set(hangOn: nil, failures: [])

            // A generous timeout: on a shared machine that stalls, the default 20 s would leave the
            // rest as failed (to retry later) rather than sent, which is not what this test is about.
            let restart = try await AttuneProcess.run(["reminders", "run", "--now", Self.now, "--json", "--gateway-timeout", "600"],
                                                in: folder, environment: environment)
            #expect(restart.exitCode == 0, "\(restart.stderr)")
            let references = await gateway.state.received.map(\.reference)
            #expect(Set(references).count == references.count, "a reminder reached the gateway twice: \(references)")
            #expect(references.count == 10)
            // The one in flight when the runner died is left for a person once its lease ends.
            let later = "2026-03-30T09:41:00Z"
            _ = try await AttuneProcess.run(["reminders", "run", "--now", later], in: folder, environment: environment)
            let outbox = try await AttuneProcess.run(["reminders", "outbox", "--status", "unconfirmed"], in: folder)
            #expect(outbox.stdout.hasPrefix("1 reminder in the outbox"))
            #expect(outbox.stdout.contains(beforeRestart[3].split(separator: "#")[1]))
            #expect(await gateway.state.received.count == 10)
        }
    }

    @Test("a gateway timeout outside 1-600 seconds is refused before anything is sent")
    func gatewayTimeoutRange() async throws {
        try await withProgramme(count: 2) { folder, gateway, environment in
            for seconds in ["0", "601"] {
                let run = try await AttuneProcess.run(["reminders", "run", "--now", Self.now, "--gateway-timeout", seconds],
                                                in: folder, environment: environment)
                #expect(run.exitCode == 2)
                #expect(run.stderr == "attune: error: reminders, --gateway-timeout: \(seconds) is outside 1-600 seconds\n")
            }
            #expect(await gateway.state.received.isEmpty)
            let outbox = try await AttuneProcess.run(["reminders", "outbox", "--status", "sent"], in: folder)
            #expect(outbox.stdout.hasPrefix("0 reminders in the outbox"))
        }
    }

    @Test("without a gateway, SMS reminders stay in the outbox for the facilitator")
    func outboxOnly() async throws {
        try await withProgramme(count: 2) { folder, gateway, _ in
            let run = try await AttuneProcess.run(["reminders", "run", "--now", Self.now], in: folder)
            #expect(run.stdout.hasPrefix("Sent 2, listed 0 for the facilitator (no gateway: SMS and email kept in the outbox)."))
            let outbox = try await AttuneProcess.run(["reminders", "outbox", "--status", "sent"], in: folder)
            #expect(outbox.stdout.contains("sent  D01 for S1 by SMS to 07700 900001 (kept in the outbox (no gateway configured))"))
            #expect(await gateway.state.received.isEmpty)
        }
    }

    @Test("enrolment, the register and follow-ups from the command line; bad input exits 2 and stores nothing")
    func enrolmentAndRegister() async throws {
        try await withProgramme(count: 2) { folder, _, environment in
            // Three places, two taken: D99 takes the last one; a new dyad cannot.
            #expect(try await AttuneProcess.run(["enrol", "accept", "--dyad", "D99", "--programme", "P", "--date", "2026-03-01"], in: folder).exitCode == 0)
            let again = try await AttuneProcess.run(["enrol", "accept", "--dyad", "D99", "--programme", "P"], in: folder)
            #expect(again.exitCode == 2)
            #expect(again.stderr == "attune: error: enrolment of dyad D99 in programme P, status: she already holds a place\n")
            let future = try await AttuneProcess.run(["enrol", "withdraw", "--dyad", "D01", "--programme", "P", "--reason", "x", "--date", "2999-01-01"], in: folder)
            #expect(future.exitCode == 2)
            #expect(future.stderr.contains("2999-01-01 is in the future"))

            let outsider = try await AttuneProcess.run(["attendance", "record", "S1", "--present", "D01,D77"], in: folder)
            #expect(outsider.exitCode == 2)
            #expect(outsider.stderr.contains("register of session S1, dyad: no dyad has the id D77"))
            let register = try await AttuneProcess.run(["attendance", "record", "S1", "--present", "D01", "--late", "D99", "--absent", "D02=no bus fare"], in: folder)
            #expect(register.stdout == "Recorded the register of S1: 1 present, 1 late, 1 absent.\n")

            // The first run plans and sends session 1's reminders; then D02 withdraws.
            _ = try await AttuneProcess.run(["reminders", "run", "--now", Self.now], in: folder, environment: environment)
            let withdraw = try await AttuneProcess.run(["enrol", "withdraw", "--dyad", "D02", "--programme", "P", "--reason", "no bus fare"], in: folder)
            #expect(withdraw.stdout == "D02 in P: withdrawn (no bus fare).\n")
            let reminders = try await AttuneProcess.run(["reminders", "run", "--now", "2026-04-06T09:30:00Z", "--json"], in: folder, environment: environment)
            #expect(!reminders.stdout.contains("D02"))
            #expect(reminders.stderr.contains("skipped: D02 for S2: she withdrew from the programme"))

            let followUp = try await AttuneProcess.run(["missed", "follow-up", "--dyad", "D02", "--programme", "P",
                                                  "--action", "Rang her; offered a bus pass.", "--by", "Jo Brown"], in: folder)
            #expect(followUp.exitCode == 0)
            let badFollowUp = try await AttuneProcess.run(["missed", "follow-up", "--dyad", "D02", "--programme", "Q", "--action", "x", "--by", "Jo"], in: folder)
            #expect(badFollowUp.exitCode == 2)
            #expect(badFollowUp.stderr.contains("no programme has the id Q"))
        }
    }

    @Test("bad reminder requests are refused with the field named")
    func badRequests() async throws {
        try await withProgramme(count: 1) { folder, _, environment in
            let unknown = try await AttuneProcess.run(["reminders", "plan", "NOPE"], in: folder)
            #expect(unknown.exitCode == 2)
            #expect(unknown.stderr == "attune: error: reminders, programme: no programme has the id NOPE\n")
            let badTime = try await AttuneProcess.run(["reminders", "run", "--now", "tomorrow"], in: folder)
            #expect(badTime.exitCode == 2)
            #expect(badTime.stderr.contains("--now: 'tomorrow' is not an ISO 8601 instant"))
            var noKey = environment
            noKey["ATTUNE_NOTIFY_API_KEY"] = ""
            let missingKey = try await AttuneProcess.run(["reminders", "run", "--now", Self.now], in: folder, environment: noKey)
            #expect(missingKey.exitCode == 2)
            #expect(missingKey.stderr.contains("ATTUNE_NOTIFY_API_KEY is not"))
        }
    }

    @Test("reach and missed on the study: four consenting non-attenders, two of them high-risk")
    func studyReach() async throws {
        try await withTemporaryFolder { folder async throws in
            let json = try await AttuneProcess.run(["reach", "--study", "--format", "json"], in: folder)
            #expect(json.exitCode == 0)
            let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let overall = try #require(root["overall"] as? [String: Any])
            let total = try #require(overall["total"] as? [String: Any])
            #expect(total["consented_never_attended"] as? Int == 4)
            let byNeed = try #require(overall["by_need"] as? [[String: Any]])
            let high = try #require(byNeed.first { $0["need"] as? String == "high" }?["counts"] as? [String: Any])
            #expect(high["consented_never_attended"] as? Int == 2)
            let missed = try #require(root["missed_opportunities"] as? [[String: Any]])
            #expect(missed.compactMap { $0["dyad"] as? String } == ["A3-D04", "A5-D03", "A5-D04"])

            let text = try await AttuneProcess.run(["missed", "--study"], in: folder)
            #expect(text.stdout.contains("- A5-D04 in A5: said yes and never came. high: EPDS 15 before the programme"))
            #expect(text.stdout.contains("absent because: no bus fare"))
            let share = try await AttuneProcess.run(["reach", "--study", "--completion-share", "1.5"], in: folder)
            #expect(share.exitCode != 0)
            #expect(share.stderr.contains("--completion-share: 1.5 is outside 0.05-1"))
        }
    }
}
