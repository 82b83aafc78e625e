import FluentKit

extension Database {
    /// One user action that writes, as one transaction: all of it or nothing.
    ///
    /// On SQLite it takes the database's write lock before anything else. SQLite begins a
    /// transaction deferred, and one that reads and then writes fails at once with "database is
    /// locked" when another connection wrote in between, whatever the busy timeout
    /// (shared/SECURITY.md). Holding the lock from the start, a second writer waits its turn
    /// (`SQLitePragmas.busyTimeoutMilliseconds`) and then reads what the first one wrote: people
    /// closing one alert at once are told it is closed already, not that the database was busy.
    /// PostgreSQL needs no such step: its statements lock the rows they change, and a read
    /// that decides a write locks its row first where it must (`EnrolmentStore.lockProgramme`,
    /// `MeasureStore.record`).
    ///
    /// On SQLite the transaction first waits its turn in this process's writers' queue
    /// (`SQLiteWriteGate`), without holding a connection or a thread, so the write lock is only
    /// ever contended by another process; the writes that arrive while another holds the queue
    /// are committed together, each in a savepoint (`SQLiteWriteGate.grouped`). `alone` keeps a
    /// write out of a group: `recompute` reads on other connections what is committed, so no
    /// other write may sit uncommitted in its transaction.
    func writeTransaction<T: Sendable>(alone: Bool = false, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard RawSQL.isSQLite(self), !inTransaction else { return try await transaction(body) }
        guard alone else { return try await SQLiteWriteGate.shared.grouped(on: self, body) }
        return try await SQLiteWriteGate.shared.serialised {
            try await transaction { db in
                try await SQLiteWriteGate.takeWriteLock(on: db)
                return try await body(db)
            }
        }
    }
}
