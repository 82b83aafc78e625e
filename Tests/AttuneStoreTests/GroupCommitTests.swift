import AttuneCore
@testable import AttuneStore
import FluentKit
import Foundation
import Testing

/// Writes that wait for one turn are committed together, each in a savepoint of its own
/// (`GroupCommit`): on SQLite those waiting for the writers' queue, on PostgreSQL the saves of
/// one programme's logs waiting for its row lock. One transaction for all of them, a refused
/// write undone alone, the others kept, and the profiles derived for what stood.
@Suite("Group commit: writes that wait together commit together, each all or nothing")
struct GroupCommitTests {
    @Test("thirteen writes waiting behind a held queue: one commit, the refused ones undone alone, profiles equal to derived",
          .timeLimit(.minutes(1)))
    func waitingWritesCommitTogether() async throws {
        // A queue of its own: held here, it must not stall every other test's writes.
        try await SQLiteWriteGate.$current.withValue(SQLiteWriteGate()) { try await waitingWritesCommitTogetherHere() }
    }

    func waitingWritesCommitTogetherHere() async throws {
        try await withSQLiteFile { location in
            try await withTestDatabases(location) { databases in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                try await EvidenceStore.save(StoredProfileTests.document(), now: StoredProfileTests.now, on: db)
                let file = try await GroupCommit.key(ofSQLite: db)
                let gate = SQLiteWriteGate.current, groups = GroupCommit.shared
                let groupsBefore = await groups.groupsTaken[file, default: 0]

                // Hold the queue until every log has joined the group waiting behind it.
                let turn = await HeldTurn.take { whileHeld in try await gate.serialised { await whileHeld() } }

                // Sessions 4 and 5 of P1 and P2 with singing, and every third one refused
                // (session 9 of a five-session programme).
                let logs = (0..<12).map { index in
                    var session = Session(id: "", programmeId: index % 2 == 0 ? "P1" : "P2",
                                          number: index % 3 == 2 ? 9 : 4 + index % 4 / 2, date: StoredProfileTests.today,
                                          facilitatorsPresent: ["F1"], leadFacilitatorId: "F1")
                    session.content.singing = true
                    return session
                }
                let saving = Task {
                    await withTaskGroup(of: Bool.self) { group in
                        for session in logs {
                            group.addTask {
                                do {
                                    try await SessionLogStore.save(SessionLog(session: session, register: []),
                                                                   today: StoredProfileTests.today, on: db)
                                    return true
                                } catch is FormProblems {
                                    return false
                                } catch {
                                    Issue.record("unexpected \(error)")
                                    return false
                                }
                            }
                        }
                        return await group.reduce(into: [Bool]()) { $0.append($1) }
                    }
                }
                // A write refused after it changed something: undone to its savepoint alone.
                let renaming = Task {
                    try await db.writeTransaction(groupedBy: "P1") { transaction in
                        try await RawSQL.execute("UPDATE \"programmes\" SET \"name\" = 'Renamed' WHERE \"code\" = 'P1'", on: transaction)
                        throw Refused()
                    }
                }
                while await groups.waiting[file, default: 0] < logs.count + 1 { try await Task.sleep(for: .milliseconds(5)) }
                try await turn.release()
                let saved = await saving.value
                await #expect(throws: Refused.self) { try await renaming.value }

                #expect(saved.filter { $0 }.count == 8)
                #expect(await groups.groupsTaken[file, default: 0] == groupsBefore + 1)
                let stored = try await EvidenceStore.load(includingMeasures: false, programmes: ["P1", "P2"], on: db)
                let withSinging = stored.sessions.filter { $0.number >= 4 && $0.content.singing == true }.map(\.id).sorted()
                #expect(withSinging == ["P1-S4", "P1-S5", "P2-S4", "P2-S5"])
                #expect(!stored.sessions.contains { $0.number > 5 })
                #expect(stored.programmes.first { $0.id == "P1" }?.name == "Programme P1")
                #expect(try await ProfileStore.differences(on: db) == [])
                // Each kept save has its entry in the activity log, chained one after another
                // within the group; the refused ones left none.
                let logged = try await ActivityLog.search(.init(recordKind: "session"), on: db)
                #expect(logged.count == 8 && Set(logged.map(\.recordCode)) == ["P1-S4", "P1-S5", "P2-S4", "P2-S5"])
                #expect(try await ActivityChain.verify(on: db).problem == nil)
            }
        }
    }

    struct Refused: Error {}

    @Test("more writes than a group takes wait behind a held queue: the same leader commits them in groups of at most 16, all stored",
          .timeLimit(.minutes(1)))
    func largestGroup() async throws {
        try await SQLiteWriteGate.$current.withValue(SQLiteWriteGate()) { try await largestGroupHere() }
    }

    func largestGroupHere() async throws {
        try await withSQLiteFile { location in
            try await withTestDatabases(location) { databases in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                try await EvidenceStore.save(StoredProfileTests.document(), now: StoredProfileTests.now, on: db)
                let key = try await GroupCommit.key(ofSQLite: db)
                let groups = GroupCommit.shared
                let before = await groups.groupsTaken[key, default: 0]
                let turn = await HeldTurn.take { whileHeld in try await SQLiteWriteGate.current.serialised { await whileHeld() } }
                let count = GroupCommit.largestGroup + 4
                let writing = Task {
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        for index in 0..<count {
                            group.addTask {
                                try await db.writeTransaction(groupedBy: "P1") { transaction in
                                    try await RawSQL.execute("UPDATE \"programmes\" SET \"name\" = ? WHERE \"code\" = 'P1'",
                                                             [.text("Write \(index)")], on: transaction)
                                    return index
                                }
                            }
                        }
                        return try await group.reduce(into: [Int]()) { $0.append($1) }
                    }
                }
                while await groups.waiting[key, default: 0] < count { try await Task.sleep(for: .milliseconds(5)) }
                try await turn.release()
                #expect(try await writing.value.sorted() == Array(0..<count))
                #expect(await groups.groupsTaken[key, default: 0] == before + 2)
                #expect(await groups.waiting[key] == nil)
            }
        }
    }

    @Test("on PostgreSQL, twelve logs of one programme waiting for its lock: one group, the refused ones undone alone, profiles equal to derived",
          PostgresTestServer.trait, .timeLimit(.minutes(1)))
    func waitingForProgrammeCommitTogether() async throws {
        try await PostgresTestServer.withDatabase { location in
            try await withTestDatabases(location) { databases in
                let db = databases.database(logger: testLogger, on: databases.eventLoopGroup.any())!
                try await EvidenceStore.save(StoredProfileTests.document(), now: StoredProfileTests.now, on: db)
                let key = try await GroupCommit.key(ofPostgres: db, programme: "P1")
                let groups = GroupCommit.shared
                let groupsBefore = await groups.groupsTaken[key, default: 0]

                // Another transaction holds P1's row until every log has joined the group.
                let turn = await HeldTurn.take { whileHeld in
                    try await db.transaction { other in
                        try await ProfileStore.lock(programmes: ["P1"], on: other)
                        await whileHeld()
                    }
                }
                // Sessions 4 and 5 of P1 with singing, every third one refused (session 9 of five).
                let logs = (0..<12).map { index in
                    var session = Session(id: "", programmeId: "P1", number: index % 3 == 2 ? 9 : 4 + index % 2,
                                          date: StoredProfileTests.today, facilitatorsPresent: ["F1"], leadFacilitatorId: "F1")
                    session.content.singing = true
                    return session
                }
                let saving = Task {
                    await withTaskGroup(of: Bool.self) { group in
                        for session in logs {
                            group.addTask {
                                do {
                                    try await SessionLogStore.save(SessionLog(session: session, register: []),
                                                                   today: StoredProfileTests.today, on: db)
                                    return true
                                } catch is FormProblems {
                                    return false
                                } catch {
                                    Issue.record("unexpected \(error)")
                                    return false
                                }
                            }
                        }
                        return await group.reduce(into: [Bool]()) { $0.append($1) }
                    }
                }
                while await groups.waiting[key, default: 0] < logs.count { try await Task.sleep(for: .milliseconds(5)) }
                try await turn.release()
                let saved = await saving.value

                #expect(saved.filter { $0 }.count == 8)
                #expect(await groups.groupsTaken[key, default: 0] == groupsBefore + 1)
                let stored = try await EvidenceStore.load(includingMeasures: false, programmes: ["P1"], on: db)
                #expect(stored.sessions.filter { $0.number >= 4 && $0.content.singing == true }.map(\.id).sorted() == ["P1-S4", "P1-S5"])
                #expect(!stored.sessions.contains { $0.number > 5 })
                #expect(try await ProfileStore.differences(on: db) == [])
            }
        }
    }
}

/// A turn (the writers' queue, a programme's row) held by a task of its own until `release`:
/// the writes a test makes meanwhile wait for it together.
struct HeldTurn {
    let task: Task<Void, any Error>
    let letGo: AsyncStream<Void>.Continuation

    /// Takes the turn as `hold` does, returning once it is held; `hold` calls `whileHeld` holding it.
    static func take(_ hold: @escaping @Sendable (_ whileHeld: @escaping @Sendable () async -> Void) async throws -> Void) async -> HeldTurn {
        let (held, holdingNow) = AsyncStream.makeStream(of: Void.self)
        let (release, letGo) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            try await hold {
                holdingNow.yield()
                for await _ in release { break }
            }
        }
        for await _ in held { break }
        return HeldTurn(task: task, letGo: letGo)
    }

    func release() async throws {
        letGo.yield()
        try await task.value
    }
}
