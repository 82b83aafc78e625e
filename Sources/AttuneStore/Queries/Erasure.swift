import AttuneCore
import FluentKit
import Foundation
import SQLKit

/// A mother's right to erasure (issue 26; what goes and what stays: docs/governance.md).
///
/// Goes, in one transaction: her and her baby's names, the baby's date of birth, her age, phone,
/// email and postal address, who recorded her consents; every measure and the closed alerts they
/// raised; her reminders (they hold her phone or email) and follow-ups (free text); the reasons
/// she gave for an absence or for declining; and the details of every activity-log entry about
/// her (old and new values of corrections). Her consents to contact and to research become no,
/// so she is in no research export and is never contacted.
///
/// Stays, so that each programme's statistics stand: her working code, her centre's programmes,
/// how she was invited and what she answered, her attendance marks, and her social risk factors
/// (counted, never named). The activity log keeps every entry, and records the erasure itself
/// with its reason, without what was erased.
public enum Erasure {
    /// What an erasure removed, counted.
    public struct Removed: Sendable, Equatable {
        /// Her safeguarding alerts still open: while there are any, she cannot be erased.
        public let openAlerts: Int
        public let measures: Int
        public let alerts: Int
        public let reminders: Int
        public let followUps: Int
        public let logDetails: Int
    }

    /// Erases dyad `code`. Refused (`ReachInputError`) for a code no mother has, a mother erased
    /// already, one with a safeguarding alert still open (close it first: its action must be
    /// recorded), or without a reason.
    public static func erase(dyad code: String, reason: String, now: Date, on database: any Database) async throws -> Removed {
        let record = "erasure of \(code)"
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ReachInputError(record, field: "reason", "say why her record is erased (her request, the date of it)") }
        if let problem = FreeText.problem(reason) { throw ReachInputError(record, field: "reason", problem) }
        return try await database.writeTransaction { db in
            let sql = db as! any SQLDatabase
            guard try await sql.raw("SELECT \(ident: "code") FROM \(ident: "dyads") WHERE \(ident: "code") = \(bind: code)").first() != nil else {
                throw ReachInputError(record, field: "dyad", "no mother and baby have the code \(code)")
            }
            // Her row's id, as each engine stores it, read in the statement that uses it.
            let id: SQLQueryString = "(SELECT \(ident: "id") FROM \(ident: "dyads") WHERE \(ident: "code") = \(bind: code))"
            if try await erasedAt(dyad: code, on: db) != nil {
                throw ReachInputError(record, field: "dyad", "her record was erased already")
            }
            let removed = try await counts(id, code: code, on: sql)
            if let problem = removed.refusal { throw ReachInputError(record, field: "dyad", problem) }
            try await sql.raw("""
                UPDATE \(ident: "dyads") SET \(ident: "mother_name") = NULL, \(ident: "infant_name") = NULL, \(ident: "infant_date_of_birth") = NULL, \
                \(ident: "mother_age_years") = NULL, \(ident: "phone") = NULL, \(ident: "email") = NULL, \(ident: "postal_address") = NULL, \
                \(ident: "consent_recorded_by") = NULL, \(ident: "consent_to_contact") = \(bind: false), \(ident: "consent_to_research") = \(bind: false), \
                \(ident: "need_signals") = NULL WHERE \(ident: "code") = \(bind: code)
                """).run()
            try await IndexDyadNamesForSearch.purge(on: db)
            for table in ["safeguarding_alerts", "measurements", "reminders", "follow_up_actions"] {
                try await sql.raw("DELETE FROM \(ident: table) WHERE \(ident: "dyad_id") = " + id).run()
            }
            try await sql.raw("UPDATE \(ident: "attendance") SET \(ident: "absence_reason") = NULL WHERE \(ident: "dyad_id") = " + id).run()
            try await sql.raw("UPDATE \(ident: "invitations") SET \(ident: "closed_reason") = NULL WHERE \(ident: "dyad_id") = " + id).run()
            try await sql.raw("""
                DELETE FROM \(ident: ActivityLog.detailsTable) WHERE \(ident: "entry") IN \
                (SELECT \(ident: "id") FROM \(ident: ActivityLog.entries) WHERE \(ident: "dyad") = \(bind: code))
                """).run()
            try await ActivityLog.record(.erase, kind: "dyad", code: code, dyad: code,
                                         summary: "Erased her identifying data, contacts, free text and measures (\(removed.measures) measures)",
                                         details: ActivityDetails(reason: reason), at: now, on: db)
            try await ProfileStore.refresh(programmesOfDyads: [code], on: db)
            return removed
        }
    }

    /// What erasing dyad `code` would remove, erasing nothing: for the confirmation. Nil for a
    /// code no mother has.
    public static func preview(dyad code: String, on database: any Database) async throws -> Removed? {
        let sql = database as! any SQLDatabase
        guard try await sql.raw("SELECT \(ident: "code") FROM \(ident: "dyads") WHERE \(ident: "code") = \(bind: code)").first() != nil else { return nil }
        return try await counts("(SELECT \(ident: "id") FROM \(ident: "dyads") WHERE \(ident: "code") = \(bind: code))", code: code, on: sql)
    }

    private static func counts(_ id: SQLQueryString, code: String, on sql: any SQLDatabase) async throws -> Removed {
        func count(_ table: String) async throws -> Int {
            try await sql.raw("SELECT COUNT(*) AS \(ident: "n") FROM \(ident: table) WHERE \(ident: "dyad_id") = " + id).first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
        let details = try await sql.raw("""
            SELECT COUNT(*) AS \(ident: "n") FROM \(ident: ActivityLog.detailsTable) WHERE \(ident: "entry") IN \
            (SELECT \(ident: "id") FROM \(ident: ActivityLog.entries) WHERE \(ident: "dyad") = \(bind: code))
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let open = try await sql.raw("SELECT COUNT(*) AS \(ident: "n") FROM \(ident: "safeguarding_alerts") WHERE \(ident: "dyad_id") = " + id
                                     + " AND \(ident: "closed_at") IS NULL").first()?.decode(column: "n", as: Int.self) ?? 0
        return Removed(openAlerts: open, measures: try await count("measurements"), alerts: try await count("safeguarding_alerts") - open,
                       reminders: try await count("reminders"), followUps: try await count("follow_up_actions"), logDetails: details)
    }

    /// When dyad `code`'s record was erased; nil if it was not.
    public static func erasedAt(dyad code: String, on database: any Database) async throws -> Date? {
        try await ActivityLog.search(.init(dyad: code, actions: [.erase], limit: 1), on: database).first?.at
    }
}

extension Erasure.Removed {
    /// Why she cannot be erased now (an alert still open: its action is recorded first); nil when she can.
    public var refusal: String? {
        openAlerts == 0 ? nil : "she has \(openAlerts) safeguarding alert\(openAlerts == 1 ? "" : "s") still open; close \(openAlerts == 1 ? "it" : "them") with the action taken first"
    }
}
