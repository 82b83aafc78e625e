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
    /// ever contended by another process. Writes `groupedBy` a programme (the saves of session
    /// logs) that arrive while another holds the queue are committed together, each in a
    /// savepoint (`GroupCommit`); on PostgreSQL those of one programme, inside its row lock.
    /// Other writes run each in its own transaction: a group holds its leader's connection
    /// throughout, and reads on that connection (`/health`, a page) wait for the whole group.
    func writeTransaction<T: Sendable>(groupedBy programme: String? = nil,
                                       _ written: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        // A grouped write may run on the task of another request (the group's leader): the
        // activity log must still name the user whose write it is.
        let actor = ActivityLog.actor
        let body: @Sendable (any Database) async throws -> T = { db in try await ActivityLog.$actor.withValue(actor) { try await written(db) } }
        guard !inTransaction else { return try await transaction(body) }
        if let programme {
            guard RawSQL.isSQLite(self) else {
                return try await GroupCommit.shared.grouped(key: try await GroupCommit.key(ofPostgres: self, programme: programme), on: self,
                                                            gate: nil, opening: { try await ProfileStore.lock(programmes: [programme], on: $0) },
                                                            locked: [programme], body)
            }
            return try await GroupCommit.shared.grouped(key: try await GroupCommit.key(ofSQLite: self), on: self, gate: SQLiteWriteGate.current,
                                                        opening: { try await SQLiteWriteGate.takeWriteLock(on: $0) }, body)
        }
        guard RawSQL.isSQLite(self) else { return try await transaction(body) }
        return try await SQLiteWriteGate.current.serialised {
            try await transaction { db in
                try await SQLiteWriteGate.takeWriteLock(on: db)
                return try await body(db)
            }
        }
    }
}
