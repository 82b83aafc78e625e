import FluentKit

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

    /// The queue the running task's writes wait in: the process's (`shared`), or a queue of its
    /// own that a test holding one on purpose sets, so that holding it stalls its own writes and
    /// not every other test's in the run (`GroupCommitTests`).
    @TaskLocal public static var current: SQLiteWriteGate = .shared

    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

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
        guard !held else { return nil }
        held = true
        defer { release() }
        return try await body()
    }

    /// Waits until every writer ahead has finished, then holds the gate (`serialised`, and the
    /// leader of a group of writes, `GroupCommit`).
    func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the gate to the next writer in line, or opens it.
    func release() {
        if waiting.isEmpty {
            held = false
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Writers waiting for their turn now (for tests and diagnostics).
    public var queueLength: Int { waiting.count }

    /// A write that changes nothing, as a transaction's first statement: SQLite takes its write
    /// lock for any UPDATE (see `writeTransaction`).
    static func takeWriteLock(on db: any Database) async throws {
        try await RawSQL.execute("UPDATE \"centres\" SET \"code\" = \"code\" WHERE 1 = 0", on: db)
    }
}

extension Database {
    /// Runs a write now if SQLite's writers' queue is empty (on PostgreSQL, always); nil when
    /// it was skipped. See `SQLiteWriteGate.ifFree`.
    public func ifNoWriterWaiting<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        guard RawSQL.isSQLite(self), !inTransaction else { return try await body() }
        return try await SQLiteWriteGate.current.ifFree(body)
    }

    /// Runs a write that is not a `writeTransaction` (a web session saved, a purge) in the SQLite
    /// writers' queue; on PostgreSQL, or inside a transaction that already holds the gate, at once.
    public func inWritersQueue<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard RawSQL.isSQLite(self), !inTransaction else { return try await body() }
        return try await SQLiteWriteGate.current.serialised(body)
    }
}
