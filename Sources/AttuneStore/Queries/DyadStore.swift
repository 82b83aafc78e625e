import AttuneCore
import FluentKit
import Foundation
import SQLKit

/// Mothers and babies as people register them from the web: a new dyad invited to a programme
/// of her centre, in one transaction (`DyadRegistration` chooses her code).
public enum DyadStore {
    /// How a mother was invited: who and how.
    public struct Invited: Sendable {
        public let mode: InvitationMode
        public let facilitator: String?
        public let practitioner: String?

        public init(mode: InvitationMode, facilitator: String?, practitioner: String?) {
            self.mode = mode
            self.facilitator = facilitator
            self.practitioner = practitioner
        }
    }

    /// The dyads invited to any programme of `centre`: those a new registration there may
    /// duplicate, and those a programme there may invite.
    public static func registered(atCentre centre: String, on database: any Database) async throws -> [Dyad] {
        try await EvidenceStore.load(includingMeasures: false, includingDelivery: false, centres: [centre], on: database).dyads
    }

    /// Stores `dyad` (her code chosen here) and her invitation to `programme`; returns her code.
    /// Refused by field (`FormProblems`, the dyad's and the invitation's fields), storing
    /// nothing; a birth date after `today` is refused.
    public static func register(_ dyad: Dyad, invitedTo programme: String, invited: Invited, today: CalendarDate, now: Date,
                                by user: String, on database: any Database) async throws -> String {
        try await database.writeTransaction { db in
            let centre = try await Self.centre(of: programme, on: db)
            let taken = try await RawSQL.rows("SELECT \"code\" FROM \"dyads\" WHERE \"code\" LIKE ?", [.text("\(centre)-M%")], on: db) { $0.text(0) ?? "" }
            var stored = dyad
            stored.id = DyadRegistration.code(centre: centre, taken: Set(taken))
            var problems: [String: String] = [:]
            for problem in EvidenceValidator.problems(in: EvidenceDocument(dyads: [stored]), today: today) where problems[problem.field] == nil {
                problems[problem.field] = problem.message
            }
            guard problems.isEmpty else { throw FormProblems("registration", problems) }
            try await EvidenceStore.add(EvidenceDocument(dyads: [stored]), now: now, by: user, on: db)
            do {
                _ = try await EnrolmentStore.invite(dyad: stored.id, programme: programme, mode: invited.mode, facilitator: invited.facilitator,
                                                    practitioner: invited.practitioner, on: today, database: db)
            } catch let error as ReachInputError {
                throw FormProblems("registration", [error.field: error.message])
            }
            try await ActivityLog.record(.create, kind: "dyad", code: stored.id, dyad: stored.id, programme: programme,
                                         summary: "Registered \(stored.id)", by: user, at: now, on: db)
            return stored.id
        }
    }

    /// The code of the centre running `programme`.
    static func centre(of programme: String, on db: any Database) async throws -> String {
        let codes = try await RawSQL.rows("SELECT \"c\".\"code\" FROM \"programmes\" AS \"p\" JOIN \"centres\" AS \"c\" ON \"c\".\"id\" = \"p\".\"centre_id\""
                                          + " WHERE \"p\".\"code\" = ?", [.text(programme)], on: db) { $0.text(0) }
        guard let centre = codes.first ?? nil else { throw FormProblems("registration", ["programme": "No programme has the code \(programme)."]) }
        return centre
    }

    /// The stored registration of dyad `code`; nil for none.
    public static func find(code: String, on database: any Database) async throws -> Dyad? {
        try await RawSQL.rows(EvidenceRows.select(EvidenceRows.dyadColumns, from: DyadModel.schema) + " WHERE \"code\" = ?", [.text(code)],
                              on: database, EvidenceRows.dyad).first
    }

    /// Corrects her registration for `reason`: checked as an import checks a dyad (a birth date
    /// after `today` refused), and each field changed kept with its old value, who and when
    /// (`ChangeStore`, kind "dyad"). Refused by field (`FormProblems`), changing nothing.
    public static func correct(_ dyad: Dyad, reason: String, today: CalendarDate, by user: String, now: Date,
                               on database: any Database) async throws {
        let record = "registration of \(dyad.id)"
        var problems: [String: String] = [:]
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { problems["correction_reason"] = "Say why her registration is corrected." }
        if let problem = FreeText.problem(reason) { problems["correction_reason"] = problem }
        for problem in EvidenceValidator.problems(in: EvidenceDocument(dyads: [dyad]), today: today) where problems[problem.field] == nil {
            problems[problem.field] = problem.message
        }
        guard problems.isEmpty else { throw FormProblems(record, problems) }
        try await database.writeTransaction { db in
            guard let old = try await find(code: dyad.id, on: db) else { throw FormProblems(record, ["mother_name": "No mother has the code \(dyad.id)."]) }
            if try await Erasure.erasedAt(dyad: dyad.id, on: db) != nil {
                throw FormProblems(record, ["mother_name": "Her record was erased at her request; it is not filled in again."])
            }
            let changes = EvidenceRecords.dyad.changes(from: old, to: dyad)
            guard !changes.isEmpty else { return }
            // The insert row ends with the store-only need signals, which zip leaves out: they stay.
            let row = Array(zip(EvidenceRows.dyadColumns, EvidenceRows.row(dyad, id: UUID(), needSignals: nil)).filter { $0.0 != "id" && $0.0 != "code" })
            try await RawSQL.execute("UPDATE \"dyads\" SET " + row.map { "\(RawSQL.quoted($0.0)) = ?" }.joined(separator: ", ") + " WHERE \"code\" = ?",
                                     row.map(\.1) + [.text(dyad.id)], on: db)
            try await ChangeStore.keep(changes, kind: "dyad", code: dyad.id, programme: nil, reason: reason, by: user, at: now, on: db)
            // Reminders not yet sent follow how she is to be reminded now (a channel she opted
            // out of, a new number, contact refused): planned again, as a moved session's are.
            if changes.contains(where: { Self.remindersRead.contains($0.field) }) {
                try await replanReminders(ofDyad: dyad.id, now: now, on: db)
            }
            // Her social risk factors count towards her need, and her need towards her programmes'.
            try await ProfileStore.refresh(programmesOfDyads: [dyad.id], on: db)
        }
    }

    /// Her fields a reminder is planned from: its channel, its address and its greeting.
    static let remindersRead: Set<String> = ["phone", "email", "preferred_channel", "opted_out_channels", "consent_to_contact", "mother_name"]

    /// Plans her reminders not yet sent again, for every programme she is invited to.
    static func replanReminders(ofDyad code: String, now: Date, on db: any Database) async throws {
        let programmes = try await RawSQL.rows("""
            SELECT DISTINCT "p"."code" FROM "invitations" AS "i" JOIN "programmes" AS "p" ON "p"."id" = "i"."programme_id"
            JOIN "dyads" AS "d" ON "d"."id" = "i"."dyad_id" WHERE "d"."code" = ?
            """, [.text(code)], on: db) { $0.text(0) ?? "" }
        try await RawSQL.execute("""
            DELETE FROM "reminders" WHERE "status" = ? AND "dyad_id" = (SELECT "id" FROM "dyads" WHERE "code" = ?)
            """, [.text(ReminderStatus.pending.rawValue), .text(code)], on: db)
        guard !programmes.isEmpty else { return }
        try await ReminderOutbox.refresh(programmes: programmes, now: now, on: db)
    }

    /// The fewest characters `search` looks for within `centres` (nil: every centre). Every
    /// centre's search reads the index of names (`IndexDyadNamesForSearch`), whose pieces are
    /// three letters long; a centre's search reads its own mothers' names, from two.
    public static func shortestSearch(centres: Set<String>?) -> Int { centres == nil ? 3 : 2 }

    /// What a search found: at most its limit of mothers, by name, and whether there were more.
    public struct Found: Sendable {
        public let dyads: [Dyad]
        /// More mothers than the limit have it in a name: those shown are the first the search
        /// came to, not the first by name, and more letters will narrow it.
        public let more: Bool
    }

    /// The mothers invited to programmes of `centres` (nil: every mother) whose name or baby's
    /// name holds `name` (ignoring case), by name, at most `limit`.
    ///
    /// Nothing for fewer than `shortestSearch` characters. A centre's search reads the names of
    /// its invited mothers, a few thousand at most. Every centre's search reads the index of names
    /// instead, and stops at `limit` matches rather than sort all of them: "ash" is in the names
    /// of one mother in seven (BENCHMARKS.md).
    public static func search(name: String, centres: Set<String>?, limit: Int = 50, on database: any Database) async throws -> Found {
        let typed = name.lowercased()
        guard typed.count >= shortestSearch(centres: centres), let scope = ScopeStore.programmesOf(centres) else {
            return Found(dyads: [], more: false)
        }
        let pattern = "%" + typed.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
        let matching = "(LOWER(\"mother_name\") LIKE ? OR LOWER(\"infant_name\") LIKE ?)"
        let condition: String, binds: [SQLValue]
        if let invited = scope.condition {
            condition = """
                "id" IN (SELECT "i"."dyad_id" FROM "invitations" AS "i" JOIN "programmes" AS "p" ON "p"."id" = "i"."programme_id" \
                WHERE \(invited)) AND \(matching) ORDER BY "mother_name" LIMIT \(limit + 1)
                """
            binds = scope.binds + [.text(pattern), .text(pattern)]
        } else if RawSQL.isSQLite(database) {
            // A phrase of the trigram index: any run of characters, quotes doubled.
            condition = """
                "code" IN (SELECT "k"."code" FROM "\(IndexDyadNamesForSearch.keys)" AS "k" WHERE "k"."id" IN \
                (SELECT rowid FROM "\(IndexDyadNamesForSearch.index)" WHERE "\(IndexDyadNamesForSearch.index)" MATCH ? LIMIT \(limit + 1))) \
                ORDER BY "mother_name"
                """
            binds = [.text("\"" + typed.replacingOccurrences(of: "\"", with: "\"\"") + "\"")]
        } else {
            // PostgreSQL's trigram indexes serve the LIKE.
            condition = "\"id\" IN (SELECT \"id\" FROM \"dyads\" WHERE \(matching) LIMIT \(limit + 1)) ORDER BY \"mother_name\""
            binds = [.text(pattern), .text(pattern)]
        }
        let found = try await RawSQL.rows(EvidenceRows.select(EvidenceRows.dyadColumns, from: DyadModel.schema) + " WHERE " + condition,
                                          binds, on: database, EvidenceRows.dyad)
        return Found(dyads: Array(found.prefix(limit)), more: found.count > limit)
    }
}

extension DyadStore {
    /// The mothers' names recorded for `codes`, by code (a mother with no name recorded is left
    /// out), and the names of the programmes `programmes`: what pages show people in place of
    /// codes. Two short reads, whatever else the page read.
    public static func names(ofDyads codes: Set<String>, programmes: Set<String> = [],
                             on database: any Database) async throws -> (dyads: [String: String], programmes: [String: String]) {
        func read(_ table: String, _ column: String, _ codes: Set<String>) async throws -> [String: String] {
            let scope = RawSQL.CodeFilter(codes)
            if scope.matchesNothing { return [:] }
            let rows = try await RawSQL.rows("SELECT \"code\", \"\(column)\" FROM \"\(table)\" WHERE \"\(column)\" IS NOT NULL"
                                             + (scope.condition(on: "\"code\"").map { " AND " + $0 } ?? ""), scope.binds, on: database) {
                ($0.text(0) ?? "", $0.text(1) ?? "")
            }
            return Dictionary(scope.keeping(rows, code: \.0), uniquingKeysWith: { first, _ in first })
        }
        return (try await read("dyads", "mother_name", codes), try await read("programmes", "name", programmes))
    }
}
