import AttuneCore
import FluentKit
import Foundation
import SQLKit
import Testing
@testable import AttuneStore

/// The commit label pages trust to serve what they read before (`CommitWatch`): it must change
/// with every commit, from any connection or process, and must not change when nothing is
/// written, or nothing would ever be served again.
@Suite("A label for what the database has committed")
struct CommitWatchTests {
    static func dyad(_ id: String) -> EvidenceDocument { EvidenceDocument(dyads: [Dyad(id: id, consentToRecords: true)]) }

    static func check(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases async throws in
            let loops = Array(databases.eventLoopGroup.makeIterator())
            let first = databases.database(logger: testLogger, on: loops[0])!
            let second = databases.database(logger: testLogger, on: loops[1])!
            let watch = try await CommitWatch.open(on: first)
            defer { watch.close() }

            // Reading is not committing: the label holds still (a label that changed on every
            // read, such as one that took a transaction id, would never let a page be kept).
            // (On PostgreSQL too: the label is the database's own, not the cluster's, so the
            // other tests' databases beside this one do not move it.)
            let start = try #require(try await watch.label(on: first))
            #expect(try await watch.label(on: first) == start, "reading the label changed it")
            _ = try await EvidenceStore.load(on: second)
            let afterRead = try #require(try await watch.label(on: first))
            #expect(afterRead == start, "a read changed the label")

            // A commit on another connection of this process.
            try await EvidenceStore.save(dyad("D1"), on: second)
            let afterSave = try #require(try await watch.label(on: second))
            #expect(afterSave != afterRead, "a commit on another connection left the label as it was")

            // A commit from another process's connection (as `attune import` beside the server).
            try await withTestDatabases(location, migrate: false) { other async throws in
                try await EvidenceStore.save(dyad("D2"), on: other.database(logger: testLogger, on: other.eventLoopGroup.any())!)
            }
            let afterOther = try #require(try await watch.label(on: first))
            #expect(afterOther != afterSave, "a commit by another handle left the label as it was")

            // A transaction that fails commits nothing; the data is as it was either way.
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await first.writeTransaction { db in
                    try await EvidenceStore.save(dyad("D3"), on: db)
                    throw Refused()
                }
            }
            #expect(try await EvidenceStore.load(on: first).dyads.map(\.id).sorted() == ["D1", "D2"])

            // Closed, the SQLite watch can no longer tell, and says so.
            watch.close()
            if location.isSQLite { #expect(try await watch.label(on: first) == nil) }
        }
    }

    @Test("SQLite: the label changes with every commit, from any connection, and holds still otherwise")
    func sqlite() async throws {
        try await withSQLiteFile { location in try await Self.check(location) }
    }

    @Test("PostgreSQL: the label changes with every commit, from any connection, and holds still otherwise", PostgresTestServer.trait)
    func postgres() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.check(location) }
    }
}

/// Views and sign-ins are written to the activity log: commits that must not make every kept
/// page be read again (`ContentVersion`), while every other write must.
@Suite("The label moves with what pages show, not with who looked")
struct ContentVersionTests {
    static func check(_ location: DatabaseLocation) async throws {
        try await withTestDatabases(location) { databases async throws in
            let loops = Array(databases.eventLoopGroup.makeIterator())
            let db = databases.database(logger: testLogger, on: loops[0])!
            let other = databases.database(logger: testLogger, on: loops[1])!
            let sql = db as! any SQLDatabase
            let watch = try await CommitWatch.open(on: db)
            defer { watch.close() }
            let start = try #require(try await watch.label(on: db))

            try await ActivityLog.record(.view, kind: "dyad", code: "D1", dyad: "D1", summary: "Her page", by: "someone", on: db)
            try await ActivityLog.record(.signIn, summary: "Signed in", by: "someone", on: other)
            _ = try await SignInFailureStore.record(account: "someone", address: "127.0.0.1", at: Date(), on: db)
            try await sql.raw("INSERT INTO _fluent_sessions (id, key, data) VALUES (\(bind: UUID()), 'k', '{}')").run()
            #expect(try await watch.label(on: db) == start, "bookkeeping moved the label")

            try await EvidenceStore.save(CommitWatchTests.dyad("D1"), on: other)
            let afterSave = try #require(try await watch.label(on: db))
            #expect(afterSave != start)

            // Every table but the bookkeeping has its trigger, so a table a later migration adds
            // is counted without anyone remembering it. (The index of names, a virtual table on
            // SQLite, and its own tables are written only by triggers on the dyads, which have theirs.)
            let tables: [String] = RawSQL.isSQLite(db)
                ? try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
                    .map { try $0.decode(column: "name", as: String.self) }
                : try await sql.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").all()
                    .map { try $0.decode(column: "tablename", as: String.self) }
            let counted = try await ContentVersion.tablesCounted(on: db)
            #expect(tables.count > 20)
            for table in tables where !ContentVersion.bookkeepingTables.contains(table) && !table.hasPrefix("dyad_name_index") {
                #expect(counted.contains(table), "\(table) has no trigger")
            }
            // Each kind of write moves it, from any connection: an insert, an update and a delete
            // straight to the centres table, and one undone, which does not.
            try await sql.raw("INSERT INTO centres (id, code, name) VALUES (\(bind: UUID()), 'CX', 'A centre')").run()
            let afterInsert = try #require(try await watch.label(on: db))
            #expect(afterInsert != afterSave)
            try await (other as! any SQLDatabase).raw("UPDATE centres SET name = 'Renamed' WHERE code = 'CX'").run()
            let afterUpdate = try #require(try await watch.label(on: db))
            #expect(afterUpdate != afterInsert)
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await other.writeTransaction { db in
                    try await (db as! any SQLDatabase).raw("DELETE FROM centres WHERE code = 'CX'").run()
                    throw Refused()
                }
            }
            #expect(try await watch.label(on: db) == afterUpdate, "a write undone moved the label")
            try await sql.raw("DELETE FROM centres WHERE code = 'CX'").run()
            let afterDelete = try #require(try await watch.label(on: db))
            #expect(afterDelete != afterUpdate)

            // PostgreSQL: the counts of processes that have ended are folded into one row when
            // the database is opened again; the label stays as it was, and the next write moves it.
            guard !RawSQL.isSQLite(db) else { return }
            try await sql.raw("INSERT INTO content_version (backend, n) VALUES (2147483000, 7)").run()
            let withEnded = try #require(try await watch.label(on: db))
            try await ContentVersion.foldEndedProcesses(on: db)
            #expect(try await watch.label(on: db) == withEnded)
            let rows = try await sql.raw("SELECT backend FROM content_version").all().map { try $0.decode(column: "backend", as: Int.self) }
            #expect(!rows.contains(2147483000) && rows.contains(0))
            try await EvidenceStore.save(CommitWatchTests.dyad("D9"), on: other)
            #expect(try await watch.label(on: db) != withEnded)
        }
    }

    @Test("SQLite: the activity log, sessions and the sign-in throttle leave the label; a write to any other table moves it")
    func sqlite() async throws {
        try await withSQLiteFile { location in try await Self.check(location) }
    }

    @Test("PostgreSQL: the same", PostgresTestServer.trait)
    func postgres() async throws {
        try await PostgresTestServer.withDatabase { location in try await Self.check(location) }
    }
}
