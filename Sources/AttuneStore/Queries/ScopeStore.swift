import AttuneCore
import FluentKit

/// A session as a week's list shows it: when, which programme, which session.
public struct ScheduledSession: Equatable, Sendable {
    public let date: CalendarDate
    public let programmeId: String
    public let programmeName: String
    public let number: Int
    /// On the calendar and not yet held (its log not yet saved).
    public var planned = false
}

/// What a user's centres hold, read as codes and short rows, for pages that list a little of a
/// large scope (the dashboard) without reading its evidence. `centres` nil: every centre.
public enum ScopeStore {
    /// The codes of the programmes of `centres`.
    public static func programmes(centres: Set<String>?, on database: any Database) async throws -> Set<String> {
        guard let scope = programmesOf(centres) else { return [] }
        let sql = "SELECT \"p\".\"code\" FROM \"programmes\" AS \"p\"" + (scope.condition.map { " WHERE " + $0 } ?? "")
        return Set(try await RawSQL.rows(sql, scope.binds, on: database) { $0.text(0) ?? "" })
    }

    /// The centre and planned sessions of the programme `code` when it is one of `centres`'
    /// (nil: every centre); nil otherwise. What a save checks before its transaction, in one
    /// statement, instead of reading the programme's evidence.
    public static func programme(_ code: String, centres: Set<String>?,
                                 on database: any Database) async throws -> (centre: String, plannedSessions: Int)? {
        guard let scope = programmesOf(centres) else { return nil }
        let sql = "SELECT \"c\".\"code\", \"p\".\"planned_sessions\" FROM \"programmes\" AS \"p\""
            + " JOIN \"centres\" AS \"c\" ON \"c\".\"id\" = \"p\".\"centre_id\""
            + " WHERE \"p\".\"code\" = ?" + (scope.condition.map { " AND " + $0 } ?? "")
        return try await RawSQL.rows(sql, [.text(code)] + scope.binds, on: database) { row in
            (centre: try row.required(0, "programme \(code)", "centre"), plannedSessions: row.int(1) ?? 0)
        }.first
    }

    /// The facilitators who have led, been present at or invited for the programmes of
    /// `centres`, or whom an administrator assigned to their centres, as a centre's session log
    /// offers them, ordered by code.
    public static func facilitators(of centres: Set<String>?, on database: any Database) async throws -> [Facilitator] {
        guard let staff = staffIDs(of: centres) else { return [] }
        let sql = EvidenceRows.select(EvidenceRows.facilitatorColumns, from: FacilitatorModel.schema)
            + " WHERE \"id\" IN (" + staff.sql + ")" + RawSQL.orderBy(["\"code\""], on: database)
        return try await RawSQL.rows(sql, staff.binds, on: database, EvidenceRows.facilitator)
    }

    /// Which of the facilitators `codes` are staff of `centre` as `facilitators(of:)` lists them:
    /// what a save of a session log checks of the few it names, without listing them all.
    public static func staff(among codes: Set<String>, of centre: String, on database: any Database) async throws -> [Facilitator] {
        guard !codes.isEmpty, let staff = staffIDs(of: [centre]) else { return [] }
        let sql = EvidenceRows.select(EvidenceRows.facilitatorColumns, from: FacilitatorModel.schema)
            + " WHERE \"code\" IN (\(RawSQL.placeholders(codes.count))) AND \"id\" IN (" + staff.sql + ")" + RawSQL.orderBy(["\"code\""], on: database)
        return try await RawSQL.rows(sql, codes.sorted().map { .text($0) } + staff.binds, on: database, EvidenceRows.facilitator)
    }

    /// The row ids of the staff of `centres` (nil: every centre), as a subquery with its values;
    /// nil when no centre is given. Staff: who has led, been present at or invited for their
    /// programmes, or was assigned to them (`FacilitatorStore`).
    private static func staffIDs(of centres: Set<String>?) -> (sql: String, binds: [SQLValue])? {
        guard let scope = programmesOf(centres) else { return nil }
        let ofProgrammes = "SELECT \"p\".\"id\" FROM \"programmes\" AS \"p\"" + (scope.condition.map { " WHERE " + $0 } ?? "")
        let sessions = "SELECT \"id\" FROM \"sessions\" WHERE \"programme_id\" IN (\(ofProgrammes))"
        let named = [
            "SELECT \"facilitator_id\" FROM \"session_facilitators\" WHERE \"session_id\" IN (\(sessions))",
            "SELECT \"lead_facilitator_id\" FROM \"sessions\" WHERE \"programme_id\" IN (\(ofProgrammes))",
            "SELECT \"invited_by_facilitator_id\" FROM \"invitations\" WHERE \"programme_id\" IN (\(ofProgrammes))",
            // And those an administrator assigned to the centres, which a new centre has before
            // it runs any programme.
            "SELECT \"facilitator_id\" FROM \(RawSQL.quoted(CreateFacilitatorCentres.schema)) AS \"fc\""
                + (centres.map { " WHERE \"fc\".\"centre_id\" IN (SELECT \"id\" FROM \"centres\" WHERE \"code\" IN (\(RawSQL.placeholders($0.count))))" } ?? ""),
        ]
        return (named.joined(separator: " UNION "), scope.binds + scope.binds + scope.binds + scope.binds)
    }

    /// The codes of the dyads invited to the programmes of `centres`.
    public static func dyads(invitedTo centres: Set<String>?, on database: any Database) async throws -> Set<String> {
        guard let scope = programmesOf(centres) else { return [] }
        let sql = "SELECT DISTINCT \"d\".\"code\" FROM \"invitations\" AS \"i\" JOIN \"dyads\" AS \"d\" ON \"d\".\"id\" = \"i\".\"dyad_id\""
            + " JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"i\".\"programme_id\"" + (scope.condition.map { " WHERE " + $0 } ?? "")
        return Set(try await RawSQL.rows(sql, scope.binds, on: database) { $0.text(0) ?? "" })
    }

    /// The sessions of the programmes of `centres` dated from `first` to the day before `end`, by
    /// date and programme, the first `limit` of them, and how many there are in all.
    public static func sessions(from first: CalendarDate, before end: CalendarDate, centres: Set<String>?, limit: Int,
                                on database: any Database) async throws -> (shown: [ScheduledSession], total: Int) {
        guard let scope = programmesOf(centres) else { return ([], 0) }
        // Dates are stored as YYYY-MM-DD text, whose order is the days' order.
        let conditions = [scope.condition, "\"s\".\"date\" >= ? AND \"s\".\"date\" < ?"].compactMap { $0 }
        let from = " FROM \"sessions\" AS \"s\" JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"s\".\"programme_id\""
            + " WHERE " + conditions.joined(separator: " AND ")
        let binds = scope.binds + [.text(first.description), .text(end.description)]
        let shown = try await RawSQL.rows("SELECT \"s\".\"date\", \"p\".\"code\", \"p\".\"name\", \"s\".\"number\", \"s\".\"planned\"" + from
                                          + RawSQL.orderBy(["\"s\".\"date\"", "\"p\".\"code\""], on: database) + ", \"s\".\"number\""
                                          + " LIMIT \(limit)", binds, on: database) { row in
            ScheduledSession(date: try row.date(0, "session", "date") ?? first, programmeId: try row.required(1, "session", "programme"),
                             programmeName: row.text(2) ?? "", number: row.int(3) ?? 0, planned: row.bool(4) ?? false)
        }
        guard shown.count >= limit else { return (shown, shown.count) }
        return (shown, try await RawSQL.rows("SELECT count(*)" + from, binds, on: database) { $0.int(0) ?? 0 }.first ?? 0)
    }

    /// The condition narrowing programmes "p" to `centres`, with its values: no condition for
    /// every centre (nil), and nil in all when no centre is given, so nothing can match. Every
    /// code is bound, however many: a user's centres are never left unnarrowed.
    static func programmesOf(_ centres: Set<String>?) -> (condition: String?, binds: [SQLValue])? {
        guard let centres else { return (nil, []) }
        guard !centres.isEmpty else { return nil }
        return ("\"p\".\"centre_id\" IN (SELECT \"id\" FROM \"centres\" WHERE \"code\" IN (\(RawSQL.placeholders(centres.count))))",
                centres.sorted().map { .text($0) })
    }
}
