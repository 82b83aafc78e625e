import Fluent
import Vapor

/// Fluent's database sessions, except that a session whose data a request did not change is
/// not written back. Vapor's SessionsMiddleware saves the session after every response; on
/// SQLite that made every page view a write, and 32 readers queued behind one writer.
/// (The signed-in user's last-seen time is still written, at most once a minute: see
/// `SessionUserMiddleware`.)
struct UnchangedSessionsNotWritten: SessionDriver {
    let stored: any SessionDriver

    /// The data as read at the start of the request.
    private struct AsRead: StorageKey { typealias Value = SessionData }

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        stored.createSession(data, for: request)
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        stored.readSession(sessionID, for: request).map { data in
            request.storage[AsRead.self] = data
            return data
        }
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if let asRead = request.storage[AsRead.self], asRead == data { return request.eventLoop.makeSucceededFuture(sessionID) }
        return stored.updateSession(sessionID, to: data, for: request)
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        stored.deleteSession(sessionID, for: request)
    }
}
