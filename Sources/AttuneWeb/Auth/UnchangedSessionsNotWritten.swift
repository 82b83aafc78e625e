import AttuneStore
import Fluent
import Vapor

/// Fluent's database sessions, except that a session whose data a request did not change is
/// not written back, and that reading is one raw query. Vapor's SessionsMiddleware saves the
/// session after every response; on SQLite that made every page view a write, and 32 readers
/// queued behind one writer.
/// (The signed-in user's last-seen time is still written, at most once a minute: see
/// `SessionUserMiddleware`.) A session that is written waits in SQLite's writers' queue
/// (`SQLiteWriteGate`) like every other write.
struct UnchangedSessionsNotWritten: SessionDriver {
    let stored: any SessionDriver

    /// The data as read at the start of the request.
    private struct AsRead: StorageKey { typealias Value = SessionData }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        inWritersQueue(request) { stored.createSession(data, for: request) }
    }

    /// Read straight from Fluent's session table (`WebSessionStore`), not through a Fluent model.
    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        request.eventLoop.makeFutureWithTask {
            let data = try await WebSessionStore.data(key: sessionID.string, on: request.db).map(SessionData.init(initialData:))
            request.storage[AsRead.self] = data
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if let asRead = request.storage[AsRead.self], asRead == data { return request.eventLoop.makeSucceededFuture(sessionID) }
        return inWritersQueue(request) { stored.updateSession(sessionID, to: data, for: request) }
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        inWritersQueue(request) { stored.deleteSession(sessionID, for: request) }
    }

    private func inWritersQueue<T: Sendable>(_ request: Request, _ write: @escaping @Sendable () -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        request.eventLoop.makeFutureWithTask { try await request.db.inWritersQueue { try await write().get() } }
    }
}
