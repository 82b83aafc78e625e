import AttuneCore
import AttuneStore
import FluentKit
import Foundation
import Testing

@Suite("Enrolment, places and the attendance register")
struct EnrolmentStoreTests {
    static let day = CalendarDate("2026-03-01")!
    /// After both sessions (31 March and 7 April 2026).
    static let registerDay = CalendarDate("2026-04-08")!

    /// Eight dyads invited (not yet enrolled) to a programme with `places` places.
    static func withInvited(_ location: DatabaseLocation? = nil, places: Int,
                            _ body: (Databases, any Database) async throws -> Void) async throws {
        var document = ReminderRunnerTests.document(extra: 5, placeLimit: places)
        for index in document.invitations.indices { document.invitations[index].status = .invited }
        try await withTemporaryFolder { folder async throws in
            try await withTestDatabases(location ?? .sqliteFile(path: folder.appendingPathComponent("e.sqlite").path)) { databases async throws in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                try await EvidenceStore.save(document, now: ReminderRunnerTests.now, on: db)
                try await body(databases, db)
            }
        }
    }

    static func raceForTheLastPlace(_ databases: Databases, _ db: any Database) async throws {
        let loops = Array(databases.eventLoopGroup.makeIterator())
        try await EnrolmentStore.enrol(dyad: "D1", programme: "P", on: day, database: db)
        // Seven mothers, one place left, all enrolled at the same moment.
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 2...8 {
                let connection = databases.database(logger: testLogger, on: loops[index % loops.count])!
                group.addTask {
                    (try? await EnrolmentStore.enrol(dyad: "D\(index)", programme: "P", on: day, database: connection)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 1)
        #expect(try await InvitationModel.query(on: db).filter(\.$status == "enrolled").count() == 2)
    }

    @Test("the last place cannot be given twice (SQLite)")
    func lastPlaceSQLite() async throws {
        try await Self.withInvited(places: 2) { databases, db async throws in try await Self.raceForTheLastPlace(databases, db) }
    }

    @Test("the last place cannot be given twice (PostgreSQL)", PostgresTestServer.trait)
    func lastPlacePostgres() async throws {
        try await PostgresTestServer.withDatabase { location async throws in
            try await Self.withInvited(location, places: 2) { databases, db async throws in try await Self.raceForTheLastPlace(databases, db) }
        }
    }

    @Test("a full programme says so; withdrawing frees the place")
    func fullThenFreed() async throws {
        try await Self.withInvited(places: 1) { _, db async throws in
            try await EnrolmentStore.enrol(dyad: "D1", programme: "P", on: Self.day, database: db)
            await #expect(throws: ReachInputError("enrolment of dyad D2 in programme P", field: "place",
                                                  "all 1 places are taken; withdraw someone or raise the place limit")) {
                try await EnrolmentStore.enrol(dyad: "D2", programme: "P", on: Self.day, database: db)
            }
            try await EnrolmentStore.close(dyad: "D1", programme: "P", as: .withdrawn, reason: "returned to work", on: Self.day, database: db)
            let second = try await EnrolmentStore.enrol(dyad: "D2", programme: "P", on: Self.day, database: db)
            #expect(second.status == .enrolled)
            #expect(second.consentDate == Self.day)
        }
    }

    @Test("a freed place is the first waiting mother's: another is refused it, or waits behind her; a completion keeps its note")
    func waitingListInTurn() async throws {
        try await Self.withInvited(places: 1) { _, db async throws in
            try await EnrolmentStore.enrol(dyad: "D1", programme: "P", on: Self.day, database: db)
            #expect(try await EnrolmentStore.enrol(dyad: "D2", programme: "P", on: Self.day, waitingIfFull: true, database: db).status == .waiting)
            #expect(try await EnrolmentStore.enrol(dyad: "D3", programme: "P", on: Self.day.adding(days: 1), waitingIfFull: true, database: db).status == .waiting)
            try await EnrolmentStore.close(dyad: "D1", programme: "P", as: .withdrawn, reason: "returned to work", on: Self.day, database: db)
            // D3 (and D4, not waiting) may not take the place D2 waits for.
            await #expect(throws: ReachInputError("enrolment of dyad D4 in programme P", field: "place",
                                                  "a place is free, but D2 is first on the waiting list (since 2026-03-01): offer it to her first")) {
                try await EnrolmentStore.enrol(dyad: "D4", programme: "P", on: Self.day, database: db)
            }
            await #expect(throws: ReachInputError.self) {
                try await EnrolmentStore.enrol(dyad: "D3", programme: "P", on: Self.day, waitingIfFull: true, database: db)
            }
            #expect(try await EnrolmentStore.enrol(dyad: "D4", programme: "P", on: Self.day, waitingIfFull: true, database: db).status == .waiting)
            #expect(try await EnrolmentStore.enrol(dyad: "D2", programme: "P", on: Self.day, database: db).status == .enrolled)
            let completed = try await EnrolmentStore.close(dyad: "D2", programme: "P", as: .completed, reason: "came to all five", on: Self.day, database: db)
            #expect(completed.closedReason == "came to all five" && completed.closedDate == nil)
        }
    }

    @Test("a duplicate invitation, a decline without reason and a decline after enrolling are refused")
    func badSteps() async throws {
        try await Self.withInvited(places: 8) { _, db async throws in
            await #expect(throws: ReachInputError("invitation of dyad D1 to programme P", field: "dyad",
                                                  "dyad D1 is already invited to programme P (invited)")) {
                try await EnrolmentStore.invite(dyad: "D1", programme: "P", mode: .leafletOrPoster, on: Self.day, database: db)
            }
            await #expect(throws: ReachInputError.self) {
                try await EnrolmentStore.close(dyad: "D1", programme: "P", as: .declined, reason: " ", on: Self.day, database: db)
            }
            try await EnrolmentStore.enrol(dyad: "D1", programme: "P", on: Self.day, database: db)
            await #expect(throws: ReachInputError("declined of dyad D1 from programme P", field: "status",
                                                  "she is enrolled; only invited or waiting can become declined; she holds a place, so withdraw her instead")) {
                try await EnrolmentStore.close(dyad: "D1", programme: "P", as: .declined, reason: "busy", on: Self.day, database: db)
            }
            await #expect(throws: ReachInputError.self) {
                try await EnrolmentStore.invite(dyad: "D1", programme: "P", mode: .inPerson, on: Self.day, database: db)
            }
            let declined = try await EnrolmentStore.close(dyad: "D2", programme: "P", as: .declined, reason: "no bus fare", on: Self.day, database: db)
            #expect(declined.closedReason == "no bus fare")
            let document = try await EvidenceStore.load(includingMeasures: false, on: db)
            #expect(document.invitations.first { $0.dyadId == "D2" }?.status == .declined)
        }
    }

    @Test("the register: only the programme's enrolled dyads, never a cancelled session, all or nothing")
    func register() async throws {
        try await Self.withInvited(places: 8) { _, db async throws in
            try await EnrolmentStore.enrol(dyad: "D1", programme: "P", on: Self.day, database: db)
            try await EnrolmentStore.enrol(dyad: "D2", programme: "P", on: Self.day, database: db)
            // D3 was invited but never said yes: refused, and D1's line is not half-saved.
            await #expect(throws: ReachInputError("register of session S1", field: "dyad", "dyad D3 is not enrolled in this session's programme")) {
                try await AttendanceStore.record(session: "S1", entries: [
                    Attendance(dyadId: "D1", sessionId: "S1", status: .present),
                    Attendance(dyadId: "D3", sessionId: "S1", status: .present)], today: Self.registerDay, database: db)
            }
            #expect(try await AttendanceModel.query(on: db).count() == 0)
            await #expect(throws: ReachInputError("register of session S9", field: "session", "no session has the id S9")) {
                try await AttendanceStore.record(session: "S9", entries: [Attendance(dyadId: "D1", sessionId: "S9", status: .present)], today: Self.registerDay, database: db)
            }
            try await AttendanceStore.record(session: "S1", entries: [
                Attendance(dyadId: "D1", sessionId: "S1", status: .late),
                Attendance(dyadId: "D2", sessionId: "S1", status: .absent, absenceReason: "no bus fare")], today: Self.registerDay, database: db)
            // Correcting the register replaces her line.
            try await AttendanceStore.record(session: "S1", entries: [Attendance(dyadId: "D1", sessionId: "S1", status: .present)], today: Self.registerDay, database: db)
            let stored = try await EvidenceStore.load(includingMeasures: false, on: db).attendance
            #expect(stored.map { "\($0.dyadId) \($0.status.rawValue) \($0.absenceReason ?? "")" } == ["D1 present ", "D2 absent no bus fare"])
            await #expect(throws: ReachInputError.self) { try await AttendanceStore.cancel(session: "S1", database: db) }
            await #expect(throws: ReachInputError("register of session S2", field: "session", "session S2 is on 2026-04-07, which has not come yet")) {
                try await AttendanceStore.record(session: "S2", entries: [Attendance(dyadId: "D1", sessionId: "S2", status: .present)],
                                                 today: CalendarDate("2026-04-06")!, database: db)
            }
            try await AttendanceStore.cancel(session: "S2", database: db)
            await #expect(throws: ReachInputError("register of session S2", field: "session", "session S2 was cancelled; it takes no attendance")) {
                try await AttendanceStore.record(session: "S2", entries: [Attendance(dyadId: "D1", sessionId: "S2", status: .present)], today: Self.registerDay, database: db)
            }
        }
    }

    @Test("missed opportunities from the database carry reminders and follow-ups")
    func missedFromTheDatabase() async throws {
        try await withTestDatabases { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(try StudyEvidence.load(), now: ReminderRunnerTests.now, on: db)
            try await ReachStore.recordFollowUp(dyad: "A5-D04", programme: "A5", action: "Rang her; offered a taxi to the next group.",
                                                by: "B. Okafor", now: ReminderRunnerTests.now, on: db)
            await #expect(throws: ReachInputError.self) {
                try await ReachStore.recordFollowUp(dyad: "A5-D04", programme: "A5", action: "  ", by: "B. Okafor", now: ReminderRunnerTests.now, on: db)
            }
            let report = try await ReachStore.report(on: db)
            #expect(report.analysis.overall.total.consentedNeverAttended == 4)
            #expect(report.missed.map(\.dyadId) == ["A3-D04", "A5-D03", "A5-D04"])
            #expect(report.missed.last?.followUps.map(\.action) == ["Rang her; offered a taxi to the next group."])
        }
    }
}
