import AttuneCore
import AttuneStore
import FluentKit
import Synchronization

/// What a page read and derived for one scope (a role and its centres), kept while the database
/// has committed nothing pages show since it was read, so the next view of that page is served
/// without reading it all again.
///
/// Why: a dashboard or a programme page runs a dozen statements for a few hundred rows. Under
/// load, the round trips and thread hops, not the rows, were most of a view's time (BENCHMARKS.md).
/// A view now asks the database one question, "has anything been committed?" (`CommitWatch`),
/// and reads afresh only if so. Any commit, from any page, store, command, process or server,
/// makes every entry stale, so no write path has to remember to tell the cache; only the
/// bookkeeping of who looked (views and sign-ins in the activity log, sessions) does not
/// (`ContentVersion`), so a page must read what it shows of that on each view, never keep it.
///
/// The label is read before the page reads, never after: a commit that lands while the page
/// is reading changes the label, and the next view reads again.
///
/// Only views of at most `largestKeptScope` centres are kept (an administrator's national view,
/// or a region's, is too big to hold many of), at most `capacity` of them; the least recently
/// used goes first. A capacity of 0 turns the cache off (`attune serve --page-cache 0`).
final class PageDataCache: Sendable {
    /// A page, for one scope: the user's role (which decides what the page shows, and whether
    /// names are pseudonymised) and centres, and whatever else the page is for (a code, a date).
    private struct Key: Hashable {
        let page: String
        let role: Role
        /// nil: the whole country.
        let centres: Set<String>?
        let detail: String
    }
    /// A read for one label: under way, or done. Views that arrive while it is under way wait
    /// for it rather than read the same thing again (after a commit, every open view misses at
    /// once: 32 reads of one page at once had cost PostgreSQL a third of its throughput).
    private struct Entry {
        let label: String
        let read: Task<any Sendable, any Error>
        var lastUse: UInt64
    }
    private struct State {
        var entries: [Key: Entry] = [:]
        var clock: UInt64 = 0
        var hits = 0
        var misses = 0
    }

    let capacity: Int
    static let largestKeptScope = 100
    /// The database's commit label now (`CommitWatch.label`); nil when it cannot tell.
    private let label: @Sendable (any Database) async throws -> String?
    private let state = Mutex(State())

    init(capacity: Int, label: @escaping @Sendable (any Database) async throws -> String?) {
        self.capacity = capacity
        self.label = label
    }

    /// Views served from the cache and views read afresh, since start-up.
    var counts: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    /// The value `read` gives for `page` as `user` sees it, from the cache when the database has
    /// committed nothing since it was read. `detail` must name everything else the value depends
    /// on (the programme's code, today's date).
    func value<T: Sendable>(_ page: String, for user: SignedInUser, detail: String = "", anyScope: Bool = false,
                            on database: any Database, read: @escaping @Sendable () async throws -> T) async throws -> T {
        try await value(page, role: user.role, centres: user.scope.centreFilter, detail: detail, anyScope: anyScope, on: database, read: read)
    }

    /// As above, for a role and its centres (nil: the whole country). `anyScope`: the value is
    /// small whatever the scope (a summary), so a national view is kept too.
    func value<T: Sendable>(_ page: String, role: Role, centres: Set<String>?, detail: String = "", anyScope: Bool = false,
                            on database: any Database, read: @escaping @Sendable () async throws -> T) async throws -> T {
        guard capacity > 0, anyScope || (centres.map { $0.count <= Self.largestKeptScope } ?? false),
              let label = try await label(database) else {
            state.withLock { $0.misses += 1 }
            return try await read()
        }
        let key = Key(page: page, role: role, centres: centres, detail: detail)
        let (task, started): (Task<any Sendable, any Error>, Bool) = state.withLock { state in
            state.clock += 1
            if let entry = state.entries[key], entry.label == label {
                state.entries[key]!.lastUse = state.clock
                state.hits += 1
                return (entry.read, false)
            }
            let task = Task<any Sendable, any Error> { try await read() }
            state.misses += 1
            state.entries[key] = Entry(label: label, read: task, lastUse: state.clock)
            if state.entries.count > capacity, let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                state.entries[oldest] = nil
            }
            return (task, true)
        }
        do {
            guard let value = try await task.value as? T else { preconditionFailure("page \(page) kept a value of another type") }
            return value
        } catch {
            // A read that failed is not kept: the next view tries again.
            if started { state.withLock { if $0.entries[key]?.read == task { $0.entries[key] = nil } } }
            throw error
        }
    }
}
