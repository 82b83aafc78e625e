import FluentKit
import Synchronization

/// Writes that wait for one turn are committed together: each in a savepoint of its own, the
/// profiles they touched derived once, one commit for all of them.
///
/// On SQLite every write waits for the process's writers' queue (`SQLiteWriteGate`), and each
/// commit waits for the disk (`synchronous=FULL`): taking turns one write at a time, 32 people
/// saving session logs at once waited 150-220 ms each. On PostgreSQL saves of one programme's
/// logs take turns on its row lock (`ProfileStore.lock`), held across a dozen round trips. Here
/// the first writer to arrive for a turn leads: it waits for the turn (the queue; the programme's
/// lock, inside its transaction), then takes every write that joined it meanwhile, runs each
/// inside a savepoint of its own (a write that fails is undone alone and its caller told; the
/// others stand), derives once the profiles of the programmes the writes that stood touched
/// (`ProfileStore.deferringRefresh`), and commits once. Every caller hears of its write only
/// after that commit: a write reported saved is stored, and if the commit fails every write of
/// the group is reported failed and none is kept.
///
/// Groups are keyed by what they wait for: a SQLite file (tests open several at once, and a
/// group's writes share one connection), or a PostgreSQL database and programme.
actor GroupCommit {
    static let shared = GroupCommit()

    /// Writes waiting to be taken by their group's leader, by key.
    private var nextGroups: [String: [GroupedWrite]] = [:]
    /// Keys whose waiting writes have a leader.
    private var led: Set<String> = []
    /// The most writes one transaction takes. Its leader holds its event loop's one SQLite
    /// connection throughout, and a read waiting for that connection (`/health`, a page) waits
    /// for the whole group: the bound keeps a flood of writes from holding it for long. Those
    /// left over are the same leader's next group. Smaller bounds cost more than they gave: with
    /// 32 people saving at once, groups of at most 8 made p99 210 ms, of 16 90-95 ms, against
    /// 83-86 ms for this one (BENCHMARKS.md).
    static let largestGroup = 32
    /// Groups their leaders have taken so far, by key (for tests and diagnostics).
    private(set) var groupsTaken: [String: Int] = [:]

    /// Writes waiting to be taken into a group now, by key (for tests and diagnostics).
    var waiting: [String: Int] { nextGroups.mapValues(\.count) }

    /// Runs `body` in the next group of `key`.
    /// - Parameters:
    ///   - gate: waited for before the group's transaction opens (SQLite's writers' queue).
    ///   - opening: the transaction's first statements, which wait for the turn where the
    ///     database decides it (SQLite's write lock; a programme's row lock).
    ///   - locked: the programmes whose rows `opening` locks. They stay locked until the commit
    ///     (taken before any savepoint, no `ROLLBACK TO` releases them), so the writes and their
    ///     profiles' derivation do not lock them again (`ProfileStore.lockedByTransaction`).
    nonisolated func grouped<T: Sendable>(key: String, on database: any Database, gate: SQLiteWriteGate?,
                                          opening: @escaping @Sendable (any Database) async throws -> Void, locked: Set<String> = [],
                                          _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let write = PendingWrite(body)
        if await join(write.grouped, key: key) {
            var more = true
            while more {
                await gate?.acquire()
                more = await commit(key: key, on: database, opening: opening, locked: locked)
                await gate?.release()
            }
        }
        return try await write.outcome()
    }

    /// Adds a write to the next group of `key`; true when no one leads its writes yet, so that
    /// its caller leads.
    private func join(_ write: GroupedWrite, key: String) -> Bool {
        nextGroups[key, default: []].append(write)
        return led.insert(key).inserted
    }

    /// The next group of `key` (at most `largestGroup` writes), and whether writes are left for
    /// the same leader's next one; when none are, the key has no leader until a write arrives.
    private func take(key: String) -> (group: [GroupedWrite], more: Bool) {
        groupsTaken[key, default: 0] += 1
        let waiting = nextGroups[key] ?? []
        let group = Array(waiting.prefix(Self.largestGroup))
        let rest = Array(waiting.dropFirst(Self.largestGroup))
        nextGroups[key] = rest.isEmpty ? nil : rest
        if rest.isEmpty { led.remove(key) }
        return (group, !rest.isEmpty)
    }

    /// The group's transaction. Its writes are taken once the turn is had, so that those
    /// arriving while the leader waited for it are in the group. Returns whether writes were
    /// left for the leader's next group.
    private nonisolated func commit(key: String, on database: any Database,
                                    opening: @escaping @Sendable (any Database) async throws -> Void, locked: Set<String>) async -> Bool {
        let taken = Mutex<(group: [GroupedWrite], more: Bool)?>(nil)
        do {
            try await database.transaction { db in
                try await opening(db)
                try await ProfileStore.$lockedByTransaction.withValue(locked) {
                    let next = await self.take(key: key)
                    taken.withLock { $0 = next }
                    let group = next.group
                    var touched = Set<String>()
                    // A write alone needs no savepoint: if it fails, its transaction is undone whole.
                    // Savepoints of the writes that stood are left open rather than released (a
                    // statement less each; `ROLLBACK TO` undoes back to the newest of the name, and
                    // the commit releases them all).
                    let alone = group.count == 1
                    for write in group {
                        if !alone { try await RawSQL.execute("SAVEPOINT \"grouped_write\"", on: db) }
                        let (stood, programmes) = await ProfileStore.deferringRefresh { await write.run(db) }
                        if stood {
                            touched.formUnion(programmes)
                        } else if alone {
                            throw UndoneWhole()
                        } else {
                            try await RawSQL.execute("ROLLBACK TO \"grouped_write\"", on: db)
                        }
                    }
                    try await ProfileStore.refresh(programmes: touched, on: db)
                }
            }
            let next = taken.withLock { $0 }
            for write in next?.group ?? [] { write.finish(nil) }
            return next?.more ?? false
        } catch is UndoneWhole {
            // The write's own error, which it holds, is its outcome.
            let next = taken.withLock { $0 }
            for write in next?.group ?? [] { write.finish(nil) }
            return next?.more ?? false
        } catch {
            // Failed before or after the group was taken: every write of it is told.
            let next: (group: [GroupedWrite], more: Bool)
            if let already = taken.withLock({ $0 }) { next = already } else { next = await take(key: key) }
            for write in next.group { write.finish(error) }
            return next.more
        }
    }

    /// A write alone in its group failed: its transaction is undone whole.
    private struct UndoneWhole: Error {}

    /// The key of the SQLite file `database` is a connection to.
    static func key(ofSQLite database: any Database) async throws -> String {
        let files = try await RawSQL.rows("PRAGMA database_list", on: database) { ($0.text(1) ?? "", $0.text(2) ?? "") }
        return "sqlite:" + (files.first { $0.0 == "main" }?.1 ?? "")
    }

    /// The key of one programme's writes in the PostgreSQL database `database` is connected to.
    static func key(ofPostgres database: any Database, programme: String) async throws -> String {
        let name = try await RawSQL.rows("SELECT current_database()", on: database) { $0.text(0) ?? "" }.first ?? ""
        return "postgres:\(name):\(programme)"
    }
}

/// A write waiting in a group, with its result type hidden so that writes of every kind can
/// wait together.
struct GroupedWrite: Sendable {
    /// Runs the write on the group's transaction; false when it threw (its savepoint is undone).
    let run: @Sendable (any Database) async -> Bool
    /// Tells its caller the outcome once the group has committed (nil) or failed (the error).
    let finish: @Sendable ((any Error)?) -> Void
}

/// One caller's write in a group and its outcome: the body's result is held until the group's
/// commit, and handed to the caller then.
final class PendingWrite<T: Sendable>: Sendable {
    private struct State {
        var ran: Result<T, any Error>?
        var outcome: Result<T, any Error>?
        var caller: CheckedContinuation<T, any Error>?
    }

    private let body: @Sendable (any Database) async throws -> T
    private let state = Mutex(State())

    init(_ body: @escaping @Sendable (any Database) async throws -> T) { self.body = body }

    var grouped: GroupedWrite {
        GroupedWrite(run: { db in
            let ran: Result<T, any Error>
            do { ran = .success(try await self.body(db)) } catch { ran = .failure(error) }
            self.state.withLock { $0.ran = ran }
            if case .success = ran { return true }
            return false
        }, finish: { commitError in
            let caller = self.state.withLock { state -> CheckedContinuation<T, any Error>? in
                let outcome: Result<T, any Error> = commitError.map { .failure($0) } ?? state.ran ?? .failure(CancellationError())
                state.outcome = outcome
                defer { state.caller = nil }
                return state.caller
            }
            if let caller, let outcome = self.state.withLock({ $0.outcome }) { caller.resume(with: outcome) }
        })
    }

    /// The write's outcome, once its group has committed.
    func outcome() async throws -> T {
        try await withCheckedThrowingContinuation { caller in
            let outcome = state.withLock { state -> Result<T, any Error>? in
                if state.outcome == nil { state.caller = caller }
                return state.outcome
            }
            if let outcome { caller.resume(with: outcome) }
        }
    }
}
