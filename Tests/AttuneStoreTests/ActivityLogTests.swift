import AttuneCore
import FluentKit
import Foundation
import SQLKit
import Testing
@testable import AttuneStore

/// The activity log (issue 26): written with the action it describes, append-only on both
/// engines, and on SQLite chained so that `verify` finds the first entry altered or removed.
@Suite("Activity log")
struct ActivityLogTests {
    static let today = StoredProfileTests.today
    static let now = StoredProfileTests.now

    /// A mother registered and invited to P1, then her phone corrected, by "jo" at 10.0.0.7.
    static func registerAndCorrect(on db: any Database) async throws -> String {
        try await EvidenceStore.save(StoredProfileTests.document(), now: now, on: db)
        let actor = ActivityActor(user: "jo", address: "10.0.0.7", now: { now })
        return try await ActivityLog.$actor.withValue(actor) {
            let code = try await DyadStore.register(Dyad(id: "", motherName: "Amy Clarke", consentToRecords: true, phone: "07700 900123"),
                                                    invitedTo: "P1", invited: .init(mode: .inPerson, facilitator: "F1", practitioner: nil),
                                                    today: today, now: now, by: "jo", on: db)
            var corrected = try #require(try await DyadStore.find(code: code, on: db))
            corrected.phone = "07700 900999"
            try await DyadStore.correct(corrected, reason: "She has a new number", today: today, by: "jo", now: now, on: db)
            return code
        }
    }

    static func entries(of db: any Database) async throws -> [ActivityEntry] {
        try await ActivityLog.search(.init(), on: db).reversed()
    }

    @Test("each write leaves its entry, by whom and from where; a refused write leaves none; a correction's old and new values are its details")
    func writtenWithTheAction() async throws {
        try await withTestDatabases { databases in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            let code = try await Self.registerAndCorrect(on: db)
            let mine = try await ActivityLog.search(.init(dyad: code), on: db).reversed().map { ($0.action, $0.actor, $0.address) }
            #expect(mine.map(\.0) == [.create, .create, .change])
            #expect(mine.allSatisfy { $0.1 == "jo" && $0.2 == "10.0.0.7" })
            let correction = try #require(try await ActivityLog.search(.init(dyad: code, actions: [.change]), on: db).first)
            #expect(correction.details == ActivityDetails(reason: "She has a new number",
                                                          changes: [RecordChange(field: "phone", label: "Mobile phone", old: "07700 900123", new: "07700 900999")]))
            // Names and numbers are in the details only, never in the entry itself.
            #expect(!correction.summary.contains("0770") && !correction.summary.contains("Amy"))
            #expect(try await ChangeStore.history(kind: "dyad", code: code, on: db).map(\.change.new) == ["07700 900999"])

            let before = try await Self.entries(of: db).count
            await #expect(throws: FormProblems.self) {
                try await DyadStore.register(Dyad(id: "", motherName: "Bea", infantDateOfBirth: Self.today.adding(days: 3), consentToRecords: true),
                                             invitedTo: "P1", invited: .init(mode: .inPerson, facilitator: "F1", practitioner: nil),
                                             today: Self.today, now: Self.now, by: "jo", on: db)
            }
            #expect(try await Self.entries(of: db).count == before)
            #expect(try await ActivityChain.verify(on: db) == .init(entries: before, problem: nil, firstBadEntry: nil))
        }
    }

    @Test("on SQLite the log refuses UPDATE and DELETE")
    func appendOnlySQLite() async throws {
        try await withTestDatabases { databases in try await Self.refusesChanges(databases) }
    }

    @Test("on PostgreSQL the log refuses UPDATE, DELETE and TRUNCATE", PostgresTestServer.trait)
    func appendOnlyPostgres() async throws {
        try await PostgresTestServer.withDatabase { location in
            try await withTestDatabases(location) { databases in
                try await Self.refusesChanges(databases)
                let sql = databases.database(logger: testLogger, on: databases.eventLoopGroup.any()) as! any SQLDatabase
                await #expect(throws: (any Error).self) { try await sql.raw("TRUNCATE \"activity_log\" CASCADE").run() }
                // Without chaining on PostgreSQL, verify checks the details' digests.
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                #expect(try await ActivityChain.verify(on: db).problem == nil)
            }
        }
    }

    static func refusesChanges(_ databases: Databases) async throws {
        let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
        _ = try await registerAndCorrect(on: db)
        let sql = db as! any SQLDatabase
        await #expect(throws: (any Error).self) { try await sql.raw("UPDATE \"activity_log\" SET \"actor\" = 'someone else'").run() }
        await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM \"activity_log\"").run() }
        #expect(try await entries(of: db).allSatisfy { $0.actor != "someone else" })
    }

    @Test("verify finds the first entry altered, removed from the middle or the end, and details altered or removed without an erasure")
    func verifyFindsTampering() async throws {
        /// A fresh log of several entries, its triggers dropped as someone holding the file could.
        func tampered(_ changes: String..., expecting problem: String) async throws {
            try await withTestDatabases { databases in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                _ = try await Self.registerAndCorrect(on: db)
                let sql = db as! any SQLDatabase
                #expect(try await ActivityChain.verify(on: db).problem == nil)
                try await sql.raw("DROP TRIGGER \"activity_log_no_update\"").run()
                try await sql.raw("DROP TRIGGER \"activity_log_no_delete\"").run()
                for change in changes { try await sql.raw(SQLQueryString(change)).run() }
                let verdict = try await ActivityChain.verify(on: db)
                #expect(verdict.problem?.contains(problem) == true, "\(changes): \(verdict)")
            }
        }
        // Entries: 1 import, 2 registration, 3 invitation, 4 correction (with details).
        try await tampered("UPDATE activity_log SET summary = 'Nothing happened' WHERE id = 2", expecting: "entry 2 was altered")
        try await tampered("UPDATE activity_log SET actor = 'someone', hash = hash WHERE id = 3", expecting: "entry 3 was altered")
        try await tampered("DELETE FROM activity_log WHERE id = 2", expecting: "entries after 1 were removed")
        try await tampered("DELETE FROM activity_details WHERE entry = 4", "DELETE FROM activity_log WHERE id = 4", expecting: "entries after 3 were removed")
        try await tampered("UPDATE activity_details SET details = replace(details, '999', '111')", expecting: "the details of entry 4 were altered")
        try await tampered("DELETE FROM activity_details", expecting: "the details of entry 4 were removed")
    }
}

/// A mother's right to erasure (issue 26): what goes, what stays, and the log still whole.
@Suite("Erasure and retention")
struct ErasureTests {
    @Test("erasure removes her names, contacts, measures, alerts, reminders, follow-ups and the log's details of her; keeps her code, invitation and attendance; the log stays whole")
    func erase() async throws {
        try await Self.erase(.sqliteMemory(identifier: UUID().uuidString))
    }

    @Test("erasure and retention on PostgreSQL", PostgresTestServer.trait)
    func eraseOnPostgres() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.erase(location) }
        try await PostgresTestServer.withDatabase { location in try await Self.retention(location) }
    }

    static func erase(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            var document = ReminderRunnerTests.document()
            document.dyads[0].postalAddress = "4 Elm Row"
            try await EvidenceStore.save(document, now: ReminderRunnerTests.now, on: db)
            let today = CalendarDate("2026-03-30")!
            let measure = RecordedMeasure(id: "E1", dyadId: "D1", instrument: .epds, timepoint: .before, date: CalendarDate("2026-03-20")!,
                                          administeredBy: "HV Patel", itemScores: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
            let (_, alerts) = try await MeasureStore.record(measure, today: today, now: ReminderRunnerTests.now, by: "HV Patel", on: db)
            var corrected = try #require(try await DyadStore.find(code: "D1", on: db))
            corrected.phone = "07700 900999"
            try await DyadStore.correct(corrected, reason: "new number", today: today, by: "jo", now: ReminderRunnerTests.now, on: db)
            _ = try await ReachStore.recordFollowUp(dyad: "D1", programme: document.programmes[0].id, action: "Rang Amy at home", by: "jo",
                                                   now: ReminderRunnerTests.now, on: db)
            _ = try await ReminderOutbox.refresh(now: ReminderRunnerTests.now, on: db)

            // An open alert must be closed first: its action is recorded before anything goes.
            let blocked = try #require(try await Erasure.preview(dyad: "D1", on: db))
            #expect(blocked.openAlerts == alerts.count && blocked.alerts == 0 && blocked.refusal?.contains("still open") == true)
            await #expect(throws: ReachInputError.self) {
                try await Erasure.erase(dyad: "D1", reason: "Her request of 1 April", now: ReminderRunnerTests.now, on: db)
            }
            await #expect(throws: ReachInputError.self) { try await Erasure.erase(dyad: "D1", reason: " ", now: ReminderRunnerTests.now, on: db) }
            for alert in alerts { _ = try await AlertStore.close(alert.id, action: "GP told of her score", by: "jo", now: ReminderRunnerTests.now, on: db) }
            let preview = try #require(try await Erasure.preview(dyad: "D1", on: db))
            #expect(preview.measures == 1 && preview.alerts == alerts.count && preview.followUps == 1 && preview.logDetails >= 2)

            let before = try await EvidenceStore.load(programmes: [document.programmes[0].id], on: db)
            let removed = try await Erasure.erase(dyad: "D1", reason: "Her request of 1 April", now: ReminderRunnerTests.now, on: db)
            #expect(removed == preview)
            let after = try await EvidenceStore.load(programmes: [document.programmes[0].id], on: db)
            let her = try #require(after.dyads.first { $0.id == "D1" })
            #expect(her.motherName == nil && her.infantName == nil && her.phone == nil && her.email == nil && her.postalAddress == nil)
            #expect(her.infantDateOfBirth == nil && her.consentToResearch == false && her.consentToContact == false)
            #expect(her.socialRiskFactors == before.dyads.first { $0.id == "D1" }?.socialRiskFactors)
            #expect(!after.measurements.contains { $0.dyadId == "D1" })
            #expect(after.invitations.filter { $0.dyadId == "D1" }.map(\.status) == before.invitations.filter { $0.dyadId == "D1" }.map(\.status))
            #expect(after.attendance.filter { $0.dyadId == "D1" }.count == before.attendance.filter { $0.dyadId == "D1" }.count)
            #expect(try await AlertStore.all(dyads: ["D1"], on: db).isEmpty)
            #expect(try await ReachStore.followUps(dyad: "D1", on: db).isEmpty)
            #expect(try await ReminderOutbox.entries(dyad: "D1", on: db).isEmpty)
            // Another mother keeps everything.
            #expect(after.dyads.first { $0.id == "D2" } == before.dyads.first { $0.id == "D2" })

            // Nothing of what was erased is left anywhere in the database's text.
            let everything = try await ActivityLog.search(.init(), on: db)
            let logged = String(decoding: try JSONEncoder().encode(everything), as: UTF8.self)
            for erased in ["07700 900999", "07700 900101", "4 Elm Row", "Rang Amy", "GP told of her score", "Mother D1"] { #expect(!logged.contains(erased), "\(erased)") }
            let erasure = try #require(everything.first { $0.action == .erase })
            #expect(erasure.dyad == "D1" && erasure.details?.reason == "Her request of 1 April")
            #expect(try await Erasure.erasedAt(dyad: "D1", on: db) != nil)
            #expect(try await ActivityChain.verify(on: db).problem == nil)
            #expect(try await ProfileStore.differences(on: db) == [])
            await #expect(throws: ReachInputError.self) { try await Erasure.erase(dyad: "D1", reason: "again", now: ReminderRunnerTests.now, on: db) }
            // Nothing is added to an erased record.
            await #expect(throws: MeasureInputError.self) {
                try await MeasureStore.record(RecordedMeasure(id: "E2", dyadId: "D1", instrument: .epds, timepoint: .after, date: today,
                                                              administeredBy: "HV Patel", itemScores: Array(repeating: 0, count: 10)),
                                              today: today, now: ReminderRunnerTests.now, by: "HV Patel", on: db)
            }
            var refilled = try #require(try await DyadStore.find(code: "D1", on: db))
            refilled.motherName = "Amy Clarke"
            await #expect(throws: FormProblems.self) {
                try await DyadStore.correct(refilled, reason: "typed again", today: today, by: "jo", now: ReminderRunnerTests.now, on: db)
            }
            await #expect(throws: ReachInputError.self) { try await Erasure.erase(dyad: "NOBODY", reason: "x", now: ReminderRunnerTests.now, on: db) }
        }
    }

    @Test("records whose latest activity is older than the period are listed, oldest first; recent and erased ones are not")
    func retention() async throws {
        try await Self.retention(.sqliteMemory(identifier: UUID().uuidString))
    }

    static func retention(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(StoredProfileTests.document(), now: StoredProfileTests.now, on: db)
            // The study's programmes started two weeks before 2026-06-01 and run five weeks.
            #expect(try await Retention.due(years: 7, today: StoredProfileTests.today, on: db).isEmpty)
            let later = CalendarDate("2034-01-01")!
            let due = try await Retention.due(years: 7, today: later, on: db)
            // Each mother's latest day is her programme's last session, two weeks after 2026-06-01.
            #expect(due.count == 12 && due.allSatisfy { $0.lastActivity == StoredProfileTests.today.adding(days: 14) })
            #expect(due.map(\.lastActivity) == due.map(\.lastActivity).sorted())
            _ = try await Erasure.erase(dyad: "D1", reason: "Her request", now: StoredProfileTests.now, on: db)
            #expect(try await Retention.due(years: 7, today: later, on: db).map(\.dyad).contains("D1") == false)
        }
    }
}
