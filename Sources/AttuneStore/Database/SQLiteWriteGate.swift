import FluentKit
import Synchronization

/// One SQLite writer at a time in this process, the others waiting their turn without holding a
/// thread.
///
/// SQLite allows one writer per file. Left to itself, each waiting writer sits in SQLite's busy
/// timeout on one of the blocking pool's threads (one per core), so with three or more writers the
/// connection that holds the lock could not get a thread to commit: writes fell from 150/s to a few
/// a minute, with "database is locked", and `/health` stalled behind them. Here a writer waits in
/// this queue, asynchronously and in order of arrival, before it touches a connection; readers are
/// not queued (WAL lets them read alongside the writer). PostgreSQL is not queued: its row locks
/// let writers to different rows proceed together.
///
/// One gate serves the whole process: `attune serve` and each command open one SQLite database.
/// (Tests open several at once; the gate then only orders their writes.) Another process writing
/// the same file (a command run beside the server) is still met by SQLite's busy timeout.
public actor SQLiteWriteGate {
    public static let shared = SQLiteWriteGate()

    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// Write transactions waiting to be committed together (`grouped`), and whether one of their
    /// callers has taken the lead of them.
    /// By database file: tests open several at once, and a group's writes share one connection.
    private var nextGroups: [String: [GroupedWrite]] = [:]
    /// Groups committed so far, by database file (for tests and diagnostics).
    public private(set) var groupsCommitted: [String: Int] = [:]

    /// Runs `body` once every writer ahead of it has finished.
    public func serialised<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    /// Runs `body` only if no writer holds the gate or waits for it; nil otherwise. For a write
    /// made while the caller holds a connection (a page planning reminders as it reads): waiting
    /// for the gate then could deadlock with a writer that holds the gate and waits for that very
    /// connection, so such a write is skipped and left for later instead.
    public func ifFree<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T? {
        guard !held, nextGroups.isEmpty else { return nil }
        held = true
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the gate to the next writer in line, or opens it.
    private func release() {
        if waiting.isEmpty {
            held = false
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Writers waiting for their turn now (for tests and diagnostics).
    public var queueLength: Int { waiting.count }

    // MARK: Group commit

    /// Runs `body` as a write transaction of its own, committed together with the others that
    /// arrived while the writer before them held the gate.
    ///
    /// Each SQLite commit waits for the disk (`synchronous=FULL`), and every programme a write
    /// touches has its profile derived again (2 ms). Taking turns one write at a time, 32 people
    /// saving session logs at once waited 150-220 ms each. Here the first writer to arrive leads:
    /// when its turn comes it runs every write that has joined it in one transaction, each inside
    /// a savepoint of its own, so a write that fails is undone alone and its caller told, and the
    /// others stand; then it derives once the profiles of the programmes that the writes which
    /// stood touched (`ProfileStore.deferringRefresh`), and commits once. Every caller hears of
    /// its write only after that commit: a write reported saved is on disk, and if the commit
    /// fails every write of the group is reported failed and none is kept.
    nonisolated func grouped<T: Sendable>(on database: any Database,
                                          _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let file = try await Self.file(of: database)
        let write = PendingWrite(body)
        if await join(write.grouped, file: file) {
            await acquire()
            let group = await takeNextGroup(file: file)
            await Self.commit(group, on: database)
            await finishGroup(file: file)
        }
        return try await write.outcome()
    }

    /// Adds a write to the next group of its file; true when its caller is the first and so
    /// leads the group.
    private func join(_ write: GroupedWrite, file: String) -> Bool {
        nextGroups[file, default: []].append(write)
        return nextGroups[file]?.count == 1
    }

    private func takeNextGroup(file: String) -> [GroupedWrite] {
        nextGroups.removeValue(forKey: file) ?? []
    }

    /// Writes waiting to join a group now, by database file (for tests and diagnostics).
    public var waitingInGroups: [String: Int] { nextGroups.mapValues(\.count) }

    /// The file of the SQLite database `database` is a connection to.
    static func file(of database: any Database) async throws -> String {
        let files = try await RawSQL.rows("PRAGMA database_list", on: database) { ($0.text(1) ?? "", $0.text(2) ?? "") }
        return files.first { $0.0 == "main" }?.1 ?? ""
    }

    private func finishGroup(file: String) {
        groupsCommitted[file, default: 0] += 1
        release()
    }

    /// A write that changes nothing, as a transaction's first statement: SQLite takes its write
    /// lock for any UPDATE (see `writeTransaction`).
    static func takeWriteLock(on db: any Database) async throws {
        try await RawSQL.execute("UPDATE \"centres\" SET \"code\" = \"code\" WHERE 1 = 0", on: db)
    }

    private static func commit(_ group: [GroupedWrite], on database: any Database) async {
        do {
            try await database.transaction { db in
                try await takeWriteLock(on: db)
                var touched = Set<String>()
                // A write alone needs no savepoint: if it fails, its transaction is undone whole.
                // Savepoints of the writes that stood are left open rather than released (a
                // statement less each, `ROLLBACK TO` undoes back to the newest of the name, and
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
            for write in group { write.finish(nil) }
        } catch is UndoneWhole {
            // The write's own error, which it holds, is its outcome.
            for write in group { write.finish(nil) }
        } catch {
            for write in group { write.finish(error) }
        }
    }

    /// A write alone in its group failed: its transaction is undone whole.
    private struct UndoneWhole: Error {}
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

extension Database {
    /// Runs a write now if SQLite's writers' queue is empty (on PostgreSQL, always); nil when
    /// it was skipped. See `SQLiteWriteGate.ifFree`.
    public func ifNoWriterWaiting<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        guard RawSQL.isSQLite(self), !inTransaction else { return try await body() }
        return try await SQLiteWriteGate.shared.ifFree(body)
    }

    /// Runs a write that is not a `writeTransaction` (a web session saved, a purge) in the SQLite
    /// writers' queue; on PostgreSQL, or inside a transaction that already holds the gate, at once.
    public func inWritersQueue<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard RawSQL.isSQLite(self), !inTransaction else { return try await body() }
        return try await SQLiteWriteGate.shared.serialised(body)
    }
}
