import AttuneCore
import FluentKit

/// A session as a week's list shows it: when, which programme, which session.
public struct ScheduledSession: Equatable, Sendable {
    public let date: CalendarDate
    public let programmeId: String
    public let programmeName: String
    public let number: Int
}

/// What a user's centres hold, read as codes and short rows, for pages that list a little of a
/// large scope (the dashboard) without reading its evidence. `centres` nil: every centre.
public enum ScopeStore {
    /// The codes of the programmes of `centres`.
    public static func programmes(centres: Set<String>?, on database: any Database) async throws -> Set<String> {
        let (join, binds) = centreJoin(centres)
        guard let join else { return [] }
        return Set(try await RawSQL.rows("SELECT \"p\".\"code\" FROM \"programmes\" AS \"p\"" + join, binds, on: database) { $0.text(0) ?? "" })
    }

    /// The codes of the dyads invited to the programmes of `centres`.
    public static func dyads(invitedTo centres: Set<String>?, on database: any Database) async throws -> Set<String> {
        let (join, binds) = centreJoin(centres)
        guard let join else { return [] }
        let sql = "SELECT DISTINCT \"d\".\"code\" FROM \"invitations\" AS \"i\" JOIN \"dyads\" AS \"d\" ON \"d\".\"id\" = \"i\".\"dyad_id\""
            + " JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"i\".\"programme_id\"" + join
        return Set(try await RawSQL.rows(sql, binds, on: database) { $0.text(0) ?? "" })
    }

    /// The sessions of the programmes of `centres` dated from `first` to the day before `end`, by
    /// date and programme, the first `limit` of them, and how many there are in all.
    public static func sessions(from first: CalendarDate, before end: CalendarDate, centres: Set<String>?, limit: Int,
                                on database: any Database) async throws -> (shown: [ScheduledSession], total: Int) {
        let (join, centreBinds) = centreJoin(centres)
        guard let join else { return ([], 0) }
        // Dates are stored as YYYY-MM-DD text, whose order is the days' order.
        let condition = (join.contains(" WHERE ") ? " AND " : " WHERE ") + "\"s\".\"date\" >= ? AND \"s\".\"date\" < ?"
        let from = " FROM \"sessions\" AS \"s\" JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"s\".\"programme_id\"" + join + condition
        let binds = centreBinds + [.text(first.description), .text(end.description)]
        let shown = try await RawSQL.rows("SELECT \"s\".\"date\", \"p\".\"code\", \"p\".\"name\", \"s\".\"number\"" + from
                                          + RawSQL.orderBy(["\"s\".\"date\"", "\"p\".\"code\""], on: database) + ", \"s\".\"number\""
                                          + " LIMIT \(limit)", binds, on: database) { row in
            ScheduledSession(date: try row.date(0, "session", "date") ?? first, programmeId: try row.required(1, "session", "programme"),
                             programmeName: row.text(2) ?? "", number: row.int(3) ?? 0)
        }
        guard shown.count >= limit else { return (shown, shown.count) }
        return (shown, try await RawSQL.rows("SELECT count(*)" + from, binds, on: database) { $0.int(0) ?? 0 }.first ?? 0)
    }

    /// The join (and condition) narrowing programmes `p` to `centres`, with its values; nil when
    /// no centre is given at all, so nothing can match.
    private static func centreJoin(_ centres: Set<String>?) -> (sql: String?, binds: [SQLValue]) {
        guard let centres else { return ("", []) }
        guard !centres.isEmpty else { return (nil, []) }
        return (" JOIN \"centres\" AS \"c\" ON \"c\".\"id\" = \"p\".\"centre_id\" WHERE \"c\".\"code\" IN (\(RawSQL.placeholders(centres.count)))",
                centres.sorted().map { .text($0) })
    }
}
