import AttuneCore
import FluentKit
import Foundation
import Testing
@testable import AttuneStore

/// What pages read on every view (alerts, follow-ups, the outbox, the signed-in user) is read as
/// raw rows. The reference is what Fluent's models hold, read through Fluent; a scope too large
/// to bind must give what a small one gives.
@Suite("What pages read: raw rows against Fluent's models")
struct PageQueriesTests {
    /// 10,001 codes no record has: with real ones, more than Attune binds in one list.
    static let padding = Set((0...10_000).map { "NO-SUCH-\($0)" })

    /// On the study's demo data: alerts, follow-ups and users.
    static func checkStudy(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            _ = try await StudyDemoLoader.load(into: db)
            try await alerts(on: db)
            try await followUps(on: db)
            try await users(on: db)
        }
    }

    /// On a programme about to start: the outbox.
    static func checkOutbox(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases async throws in
            let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
            try await EvidenceStore.save(ReminderRunnerTests.document(extra: 2), now: ReminderRunnerTests.now, on: db)
            try await outbox(on: db)
        }
    }

    static func alerts(on db: any Database) async throws {
        let models = try await SafeguardingAlertModel.query(on: db).with(\.$dyad).with(\.$measurement).all()
        let reference = try models.map { try AlertStore.domain($0, dyad: $0.dyad.code, measurement: $0.measurement.code) }
            .sorted { ($0.dueBy, $0.raisedAt, $0.id) < ($1.dueBy, $1.raisedAt, $1.id) }
        #expect(reference.count > 3, "the study should raise several alerts")
        #expect(try await AlertStore.all(on: db) == reference)
        #expect(try await AlertStore.all(openOnly: true, on: db) == reference.filter(\.isOpen))
        let some = Set(reference.prefix(3).map(\.dyadId))
        let expected = reference.filter { some.contains($0.dyadId) }
        #expect(try await AlertStore.all(dyads: some, on: db) == expected)
        #expect(try await AlertStore.all(dyads: some.union(padding), on: db) == expected)
        // The same statement again with a list of another length (on PostgreSQL, the same
        // prepared statement with a shorter array).
        let one = some.sorted()[0]
        #expect(try await AlertStore.all(dyads: [one], on: db) == reference.filter { $0.dyadId == one })
        #expect(try await AlertStore.all(dyads: [], on: db).isEmpty)
        // The most urgent first, and how many are open.
        #expect(try await AlertStore.all(limit: 2, on: db) == Array(reference.prefix(2)))
        #expect(try await AlertStore.all(dyads: some.union(padding), limit: 1, on: db) == Array(expected.prefix(1)))
        #expect(try await AlertStore.openCount(on: db) == reference.filter(\.isOpen).count)
        #expect(try await AlertStore.openCount(dyads: some, on: db) == expected.filter(\.isOpen).count)
        #expect(try await AlertStore.openCount(dyads: some.union(padding), on: db) == expected.filter(\.isOpen).count)
        #expect(try await AlertStore.openCount(dyads: [], on: db) == 0)
        // A centre with no dyads yet asks for the need of none (PostgreSQL refuses `IN ()`).
        #expect(try await MeasureStore.needs(ofDyads: [], on: db).isEmpty)
    }

    static func followUps(on db: any Database) async throws {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        for (offset, (dyad, programme)) in [("A5-D04", "A5"), ("A3-D04", "A3"), ("A5-D04", "A5")].enumerated() {
            _ = try await ReachStore.recordFollowUp(dyad: dyad, programme: programme, action: "Rang her (\(offset)).", by: "Jo",
                                                   now: start.addingTimeInterval(Double(offset) * 60), on: db)
        }
        let models = try await FollowUpActionModel.query(on: db).with(\.$dyad).with(\.$programme).sort(\.$recordedAt).all()
        let reference = models.map {
            FollowUpAction(dyadId: $0.dyad.code, programmeId: $0.programme.code, action: $0.action, recordedBy: $0.recordedBy,
                           recordedAt: Date(timeIntervalSince1970: $0.recordedAt))
        }
        #expect(reference.map(\.action) == ["Rang her (0).", "Rang her (1).", "Rang her (2)."])
        #expect(try await ReachStore.followUps(ofDyads: nil, on: db) == reference)
        let expected = reference.filter { $0.dyadId == "A5-D04" }
        #expect(try await ReachStore.followUps(ofDyads: ["A5-D04", "B7-D01"], on: db) == expected)
        #expect(try await ReachStore.followUps(ofDyads: padding.union(["A5-D04"]), on: db) == expected)
        #expect(try await ReachStore.followUps(dyad: "A5-D04", on: db) == expected)
        #expect(try await ReachStore.followUps(ofDyads: [], on: db).isEmpty)
    }

    static func users(on db: any Database) async throws {
        let manager = try await UserStore.create(username: "manager.ab", displayName: "Sam Manager", role: .manager, passwordHash: "$2b$hash",
                                                 centres: ["A", "B"], now: Date(), on: db)
        let admin = try await UserStore.create(username: "admin1", displayName: "Ada Admin", role: .admin, passwordHash: "$2b$other",
                                               centres: [], now: Date(), on: db)
        for user in [manager, admin] {
            #expect(try await UserStore.find(id: user.id, on: db) == user)
            #expect(try await UserStore.find(username: user.username, on: db) == user)
        }
        #expect(try await UserStore.find(id: manager.id, on: db)?.centres == ["A", "B"])
        #expect(try await UserStore.find(username: "nobody", on: db) == nil)
        #expect(try await UserStore.find(id: UUID(), on: db) == nil)
    }

    static func outbox(on db: any Database) async throws {
        try await ReminderOutbox.refresh(now: ReminderRunnerTests.now, on: db)
        let models = try await ReminderModel.query(on: db).with(\.$programme).with(\.$session).with(\.$dyad)
            .sort(\.$dueAt).sort(\.$key).all()
        let reference = models.map { model in
            OutboxEntry(key: model.key, programmeId: model.programme.code, sessionId: model.session.code, dyadId: model.dyad.code,
                        daysBefore: model.daysBefore, channel: ReminderChannel(rawValue: model.channel)!, address: model.address,
                        message: model.message, dueAt: Date(timeIntervalSince1970: model.dueAt),
                        sessionStartsAt: Date(timeIntervalSince1970: model.sessionStartsAt),
                        status: ReminderStatus(rawValue: model.status)!, attempts: model.attempts,
                        finishedAt: model.finishedAt.map(Date.init(timeIntervalSince1970:)), note: model.note)
        }
        #expect(reference.count >= 10, "two sessions, five dyads, two reminders each")
        #expect(try await ReminderOutbox.entries(on: db) == reference)
        #expect(try await ReminderOutbox.entries(programmes: ["P"], on: db) == reference)
        #expect(try await ReminderOutbox.entries(programmes: padding.union(["P"]), on: db) == reference)
        #expect(try await ReminderOutbox.entries(programmes: ["NO-SUCH"], on: db).isEmpty)
        #expect(try await ReminderOutbox.entries(programme: "P", programmes: ["NO-SUCH"], on: db).isEmpty)
        #expect(try await ReminderOutbox.entries(dyad: "D1", on: db) == reference.filter { $0.dyadId == "D1" })
        #expect(try await ReminderOutbox.entries(statuses: [.pending], on: db) == reference.filter { $0.status == .pending })
        #expect(try await ReminderOutbox.entries(statuses: [.sent, .failed], on: db).isEmpty)
    }

    @Test("SQLite: alerts, follow-ups, the outbox and users read as Fluent's models hold them, in any scope")
    func sqlite() async throws {
        try await Self.checkStudy(.sqliteMemory(identifier: UUID().uuidString))
        try await Self.checkOutbox(.sqliteMemory(identifier: UUID().uuidString))
    }

    @Test("PostgreSQL: alerts, follow-ups, the outbox and users read as Fluent's models hold them, in any scope",
          PostgresTestServer.trait)
    func postgres() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.checkStudy(location) }
        try await PostgresTestServer.withDatabase { location in try await Self.checkOutbox(location) }
    }
}
