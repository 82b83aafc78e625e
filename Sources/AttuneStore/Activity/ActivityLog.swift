import AttuneCore
import FluentKit
import Foundation
import SQLKit

/// Who is acting: the signed-in user and the address the request came from, or the command
/// line. Set once per request by the web layer (`ActivityLog.$actor`), so a store deep in a
/// transaction records who did what without every call passing it down.
public struct ActivityActor: Sendable {
    public let user: String
    public let address: String?
    /// The time of entries whose writer does not say it (the server's clock, which tests move).
    public let now: @Sendable () -> Date

    public init(user: String, address: String?, now: @escaping @Sendable () -> Date = { Date() }) {
        self.user = user
        self.address = address
        self.now = now
    }

    /// A command run on the server (`attune import`, `attune erase`, ...), named with the
    /// operating-system account that ran it.
    public static var commandLine: ActivityActor {
        ActivityActor(user: "command line (\(NSUserName()))", address: nil)
    }
}

/// What an entry says happened.
public enum ActivityAction: String, Sendable, CaseIterable, Codable {
    case signIn = "sign-in"
    case signInRefused = "sign-in refused"
    case signOut = "sign-out"
    case view
    case create
    case change
    case delete
    case export
    case alertRaised = "alert raised"
    case alertClosed = "alert closed"
    case erase
}

/// What was changed, kept apart from the entry (`activity_details`) because it may name a
/// mother or hold free text: an erasure removes it, and the entry keeps only its digest.
public struct ActivityDetails: Codable, Sendable, Equatable {
    public var reason: String?
    public var changes: [RecordChange]

    public init(reason: String? = nil, changes: [RecordChange] = []) {
        self.reason = reason
        self.changes = changes
    }
}

/// One entry of the log as read back.
public struct ActivityEntry: Sendable, Equatable, Codable {
    public let id: Int
    public let at: Date
    public let actor: String
    public let address: String?
    public let action: ActivityAction
    public let recordKind: String?
    public let recordCode: String?
    public let dyad: String?
    public let programme: String?
    public let summary: String
    /// Nil when the entry has none, or when an erasure removed them.
    public let details: ActivityDetails?
}

/// The activity log (issue 26): who signed in, viewed, created, changed, deleted, exported or
/// erased what, when and from where. Written in the transaction of the action it describes, so
/// an action is never without its entry nor an entry without its action.
///
/// Append-only. Triggers refuse UPDATE and DELETE on both engines, and on PostgreSQL the
/// application's own role loses the right to them (`CreateActivityLog`). On SQLite, where
/// whoever holds the file can drop a trigger, each entry also carries a hash chained to the one
/// before (`ActivityChain`), and `attune activity verify` finds the first entry altered or removed.
public enum ActivityLog {
    static let entries = "activity_log"
    static let detailsTable = "activity_details"

    /// Who the entries written by this task are by. The web layer sets it for each request;
    /// commands leave the default.
    @TaskLocal public static var actor: ActivityActor = .commandLine

    /// Appends an entry for `action`, inside the caller's write transaction when there is one,
    /// else in a transaction of its own (a sign-in, a view). `user` names the actor when the
    /// caller knows better than the request (a sign-in, before the session exists).
    public static func record(_ action: ActivityAction, kind: String? = nil, code: String? = nil, dyad: String? = nil, programme: String? = nil,
                              summary: String, details: ActivityDetails? = nil, by user: String? = nil, at now: Date? = nil,
                              on database: any Database) async throws {
        let actor = Self.actor
        let entry = NewEntry(at: now ?? actor.now(), actor: user ?? actor.user, address: actor.address, action: action, recordKind: kind, recordCode: code,
                             dyad: dyad, programme: programme, summary: summary, details: details)
        if database.inTransaction {
            try await append(entry, on: database)
        } else {
            // On SQLite's one writer, views waiting for their turn commit together, with session
            // logs waiting too (`GroupCommit`; the programme named only groups, on SQLite): a
            // mother's page viewed by 32 people at once was 32 commits one after another.
            let group = action == .view && RawSQL.isSQLite(database) ? "views" : nil
            try await database.writeTransaction(groupedBy: group) { db in try await append(entry, on: db) }
        }
    }

    struct NewEntry: Sendable {
        let at: Date
        let actor: String
        let address: String?
        let action: ActivityAction
        let recordKind: String?
        let recordCode: String?
        let dyad: String?
        let programme: String?
        let summary: String
        let details: ActivityDetails?
    }

    /// Writes one entry, and its details apart. On SQLite the caller holds the write lock (a
    /// `writeTransaction`), so reading the last hash and appending after it cannot interleave
    /// with another writer. On PostgreSQL, where writers run side by side, entries are not
    /// chained: the trigger and the role's rights guard the table instead.
    static func append(_ entry: NewEntry, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let sealed: (salt: String, text: String, digest: String)? = try entry.details.map { details in
            let salt = ActivityChain.newSalt()
            let text = String(decoding: try ActivityChain.encoder.encode(details), as: UTF8.self)
            return (salt, text, ActivityChain.digest(salt: salt, details: text))
        }
        let fields = { (id: Int) in
            ActivityChain.Fields(id: id, at: entry.at.timeIntervalSince1970, actor: entry.actor, address: entry.address, action: entry.action.rawValue,
                                 recordKind: entry.recordKind, recordCode: entry.recordCode, dyad: entry.dyad, programme: entry.programme,
                                 summary: entry.summary, detailsDigest: sealed?.digest)
        }
        let columns: SQLQueryString = """
            \(ident: "at"), \(ident: "actor"), \(ident: "address"), \(ident: "action"), \(ident: "record_kind"), \(ident: "record_code"), \
            \(ident: "dyad"), \(ident: "programme"), \(ident: "summary"), \(ident: "details_digest")
            """
        let values: SQLQueryString = """
            \(bind: entry.at.timeIntervalSince1970), \(bind: entry.actor), \(bind: entry.address), \(bind: entry.action.rawValue), \
            \(bind: entry.recordKind), \(bind: entry.recordCode), \(bind: entry.dyad), \(bind: entry.programme), \(bind: entry.summary), \(bind: sealed?.digest)
            """
        let id: Int
        if RawSQL.isSQLite(db) {
            // The hash covers the entry's id, so the id is chosen here: the one AUTOINCREMENT
            // would give, one more than the highest ever given, so an entry removed from the
            // end leaves a gap `verify` sees.
            let previous = try await sql.raw("SELECT \(ident: "hash") FROM \(ident: entries) ORDER BY \(ident: "id") DESC LIMIT 1").first()?
                .decode(column: "hash", as: String.self) ?? ""
            let sequence = try await sql.raw("SELECT \(ident: "seq") FROM \(ident: "sqlite_sequence") WHERE \(ident: "name") = \(bind: entries)").first()
            id = (try sequence?.decode(column: "seq", as: Int.self) ?? 0) + 1
            let hash = ActivityChain.hash(fields(id), previous: previous)
            try await sql.raw("INSERT INTO \(ident: entries) (\(ident: "id"), " + columns + ", \(ident: "previous_hash"), \(ident: "hash")) VALUES (\(bind: id), "
                              + values + ", \(bind: previous), \(bind: hash))").run()
        } else {
            id = try await sql.raw("INSERT INTO \(ident: entries) (" + columns + ") VALUES (" + values + ") RETURNING \(ident: "id")").first()!
                .decode(column: "id", as: Int.self)
        }
        if let sealed {
            try await sql.raw("INSERT INTO \(ident: detailsTable) (\(ident: "entry"), \(ident: "salt"), \(ident: "details")) VALUES (\(bind: id), \(bind: sealed.salt), \(bind: sealed.text))").run()
        }
    }

    // MARK: Reading

    /// What to look for; every part is optional.
    public struct Query: Sendable {
        public var dyad: String?
        public var user: String?
        public var since: Date?
        public var before: Date?
        public var recordKind: String?
        public var recordCode: String?
        public var actions: [ActivityAction]?
        /// Entries with an id below this one (the next page, newest first).
        public var beforeID: Int?
        public var limit: Int?

        public init(dyad: String? = nil, user: String? = nil, since: Date? = nil, before: Date? = nil, recordKind: String? = nil,
                    recordCode: String? = nil, actions: [ActivityAction]? = nil, beforeID: Int? = nil, limit: Int? = nil) {
            self.dyad = dyad
            self.user = user
            self.since = since
            self.before = before
            self.recordKind = recordKind
            self.recordCode = recordCode
            self.actions = actions
            self.beforeID = beforeID
            self.limit = limit
        }
    }

    /// The entries `query` asks for, the newest first, with their details where still held.
    public static func search(_ query: Query, on database: any Database) async throws -> [ActivityEntry] {
        let sql = database as! any SQLDatabase
        var conditions: [SQLQueryString] = []
        if let dyad = query.dyad { conditions.append("l.\(ident: "dyad") = \(bind: dyad)") }
        if let user = query.user { conditions.append("l.\(ident: "actor") = \(bind: user)") }
        if let since = query.since { conditions.append("l.\(ident: "at") >= \(bind: since.timeIntervalSince1970)") }
        if let before = query.before { conditions.append("l.\(ident: "at") < \(bind: before.timeIntervalSince1970)") }
        if let kind = query.recordKind { conditions.append("l.\(ident: "record_kind") = \(bind: kind)") }
        if let code = query.recordCode { conditions.append("l.\(ident: "record_code") = \(bind: code)") }
        if let actions = query.actions {
            conditions.append("l.\(ident: "action") IN (\(binds: actions.map(\.rawValue)))")
        }
        if let beforeID = query.beforeID { conditions.append("l.\(ident: "id") < \(bind: beforeID)") }
        var statement: SQLQueryString = """
            SELECT l.\(ident: "id"), l.\(ident: "at"), l.\(ident: "actor"), l.\(ident: "address"), l.\(ident: "action"), l.\(ident: "record_kind"), \
            l.\(ident: "record_code"), l.\(ident: "dyad"), l.\(ident: "programme"), l.\(ident: "summary"), d.\(ident: "details") \
            FROM \(ident: entries) l LEFT JOIN \(ident: detailsTable) d ON d.\(ident: "entry") = l.\(ident: "id")
            """
        if !conditions.isEmpty { statement = statement + " WHERE " + conditions.joined(separator: " AND ") }
        statement = statement + " ORDER BY l.\(ident: "id") DESC"
        if let limit = query.limit { statement = statement + " LIMIT \(bind: limit)" }
        return try await sql.raw(statement).all().map(entry)
    }

    static func entry(_ row: any SQLRow) throws -> ActivityEntry {
        let details = try row.decode(column: "details", as: String?.self).flatMap { text in
            try? JSONDecoder().decode(ActivityDetails.self, from: Data(text.utf8))
        }
        return ActivityEntry(id: try row.decode(column: "id", as: Int.self),
                             at: Date(timeIntervalSince1970: try row.decode(column: "at", as: Double.self)),
                             actor: try row.decode(column: "actor", as: String.self), address: try row.decode(column: "address", as: String?.self),
                             action: ActivityAction(rawValue: try row.decode(column: "action", as: String.self)) ?? .view,
                             recordKind: try row.decode(column: "record_kind", as: String?.self), recordCode: try row.decode(column: "record_code", as: String?.self),
                             dyad: try row.decode(column: "dyad", as: String?.self), programme: try row.decode(column: "programme", as: String?.self),
                             summary: try row.decode(column: "summary", as: String.self), details: details)
    }
}
