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
    /// ever contended by another process.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await inWritersQueue {
            try await transaction { db in
                if RawSQL.isSQLite(db) {
                    // A write that changes nothing: SQLite takes its write lock for any UPDATE.
                    try await RawSQL.execute("UPDATE \"centres\" SET \"code\" = \"code\" WHERE 1 = 0", on: db)
                }
                return try await body(db)
            }
        }
    }
}
