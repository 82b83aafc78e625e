import AttuneCore
import FluentKit
import Foundation
import SQLKit

/// Records kept longer than the retention period, listed for review (issue 26): the data
/// protection officer decides what is kept and for how long; Attune shows what is due.
public enum Retention {
    /// The period used unless one is given: an assumption to be set by each site's data
    /// protection officer (docs/governance.md).
    public static let defaultYears = 7

    /// One mother and baby whose record is due for review.
    public struct Due: Sendable, Equatable, Codable {
        public let dyad: String
        public let centre: String?
        /// The latest day anything of hers happened: a programme she was invited to ended, an
        /// invitation, a measure, a consent.
        public let lastActivity: CalendarDate
    }

    /// The mothers whose latest activity is more than `years` years before `today`, the
    /// oldest first; those erased already are left out.
    public static func due(years: Int, today: CalendarDate, on database: any Database) async throws -> [Due] {
        let cutoff = CalendarDate(year: today.year - years, month: today.month, day: min(today.day, 28))!
        let sql = database as! any SQLDatabase
        // Every dated thing of each mother's, as text (YYYY-MM-DD sorts as it reads), the
        // latest kept per mother.
        let invited: SQLQueryString = """
            FROM \(ident: "invitations") i JOIN \(ident: "dyads") d ON d.\(ident: "id") = i.\(ident: "dyad_id") \
            JOIN \(ident: "programmes") p ON p.\(ident: "id") = i.\(ident: "programme_id") JOIN \(ident: "centres") c ON c.\(ident: "id") = p.\(ident: "centre_id")
            """
        let rows = try await sql.raw("""
            SELECT \(ident: "dyad"), MAX(\(ident: "day")) AS \(ident: "day"), MAX(\(ident: "centre")) AS \(ident: "centre") FROM (
            SELECT d.\(ident: "code") AS \(ident: "dyad"), d.\(ident: "consent_date") AS \(ident: "day"), NULL AS \(ident: "centre") FROM \(ident: "dyads") d
            UNION ALL SELECT d.\(ident: "code"), i.\(ident: "date"), c.\(ident: "code") 
            """ + invited + """
             UNION ALL SELECT d.\(ident: "code"), p.\(ident: "end_date"), c.\(ident: "code") 
            """ + invited + """
             UNION ALL SELECT d.\(ident: "code"), s.\(ident: "date"), c.\(ident: "code") 
            """ + invited + """
             JOIN \(ident: "sessions") s ON s.\(ident: "programme_id") = p.\(ident: "id")
            UNION ALL SELECT d.\(ident: "code"), m.\(ident: "date"), NULL FROM \(ident: "measurements") m JOIN \(ident: "dyads") d ON d.\(ident: "id") = m.\(ident: "dyad_id")
            ) AS \(ident: "dated") GROUP BY \(ident: "dyad")
            """).all()
        var latest: [String: (day: CalendarDate?, centre: String?)] = [:]
        for row in rows {
            latest[try row.decode(column: "dyad", as: String.self)] = (try row.decode(column: "day", as: String?.self).flatMap(CalendarDate.init),
                                                                      try row.decode(column: "centre", as: String?.self))
        }
        let erased = Set(try await ActivityLog.search(.init(actions: [.erase]), on: database).compactMap(\.dyad))
        return latest.compactMap { dyad, value -> Due? in
            guard let day = value.day, day < cutoff, !erased.contains(dyad) else { return nil }
            return Due(dyad: dyad, centre: value.centre, lastActivity: day)
        }.sorted { ($0.lastActivity, $0.dyad) < ($1.lastActivity, $1.dyad) }
    }
}
