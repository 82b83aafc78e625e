import AttuneCore
import FluentKit
import Foundation

/// Safeguarding alerts: listing, and closing with the action taken.
public enum AlertStore {
    /// - Parameter dyads: only these dyads' alerts (a user's centres); every alert when nil.
    /// Read as raw rows with their dyads' and measures' codes joined in: the dashboard reads
    /// this on every view, and Fluent's eager loads decoded whole dyad and measure models.
    /// In order of urgency: open before closed, a self-harm alert (same-day follow-up) before any
    /// other, then the soonest due.
    /// - Parameter limit: at most this many, the first in that order (the most urgent).
    /// - Parameter centres: only alerts raised by measures these centres recorded, or by measures
    ///   no one centre owns (`MeasureStore.record`); every alert when nil.
    public static func all(openOnly: Bool = false, dyads: Set<String>? = nil, centres: Set<String>? = nil, limit: Int? = nil,
                           on database: any Database) async throws -> [SafeguardingAlert] {
        let scope = RawSQL.CodeFilter(dyads)
        if scope.matchesNothing { return [] }
        var conditions: [String] = []
        if openOnly { conditions.append("\"a\".\"closed_at\" IS NULL") }
        if let dyadCondition = scope.condition(on: "\"d\".\"code\"") { conditions.append(dyadCondition) }
        let owners = ownersCondition(centres)
        if let condition = owners.condition { conditions.append(condition) }
        let alerts = try await RawSQL.rows("""
            SELECT "a"."code", "d"."code", "m"."code", "a"."kind", "a"."reason", "a"."due_by", "a"."raised_at", "a"."raised_by",
                   "a"."closed_at", "a"."closed_by", "a"."action_taken"
            FROM "safeguarding_alerts" AS "a" JOIN "dyads" AS "d" ON "d"."id" = "a"."dyad_id"
            JOIN "measurements" AS "m" ON "m"."id" = "a"."measurement_id"
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY CASE WHEN "a"."closed_at" IS NULL THEN 0 ELSE 1 END, CASE WHEN "a"."kind" = 'self_harm' THEN 0 ELSE 1 END,
                     "a"."due_by", "a"."raised_at", "a"."code"
            \(limit != nil && scope.narrowsInSQL ? "LIMIT \(max(0, limit!))" : "")
            """, scope.binds + owners.binds, on: database) { row in
            let code = try row.required(0, "alert", "code"), record = "alert \(code)"
            let kind = row.text(3) ?? "", dueBy = row.text(5) ?? ""
            guard let parsedKind = SafeguardingAlert.Kind(rawValue: kind), let due = CalendarDate(dueBy),
                  let raisedAt = row.instant(6) else {
                throw StoredDataError.invalidValue(record: record, field: "kind, due_by or raised_at", value: "\(kind), \(dueBy)")
            }
            return SafeguardingAlert(id: code, dyadId: try row.required(1, record, "dyad"), measurementId: try row.required(2, record, "measurement"),
                                     kind: parsedKind, reason: row.text(4) ?? "", dueBy: due,
                                     raisedAt: raisedAt, raisedBy: row.text(7) ?? "", closedAt: row.instant(8), closedBy: row.text(9),
                                     actionTaken: row.text(10))
        }
        return Array(scope.keeping(alerts, code: \.dyadId).prefix(limit ?? .max))
    }

    /// How many alerts are open, for these dyads (every dyad when nil).
    public static func openCount(dyads: Set<String>? = nil, centres: Set<String>? = nil, on database: any Database) async throws -> Int {
        let scope = RawSQL.CodeFilter(dyads)
        if scope.matchesNothing { return 0 }
        guard scope.narrowsInSQL else { return try await all(openOnly: true, dyads: dyads, centres: centres, on: database).count }
        // The whole country's needs no join: every alert names a dyad and a measure.
        if dyads == nil && centres == nil {
            return try await RawSQL.rows("SELECT COUNT(*) FROM \"safeguarding_alerts\" WHERE \"closed_at\" IS NULL", on: database) { $0.int(0) ?? 0 }.first ?? 0
        }
        let owners = ownersCondition(centres)
        let counts = try await RawSQL.rows("""
            SELECT COUNT(*) FROM "safeguarding_alerts" AS "a" JOIN "dyads" AS "d" ON "d"."id" = "a"."dyad_id"
            JOIN "measurements" AS "m" ON "m"."id" = "a"."measurement_id"
            WHERE "a"."closed_at" IS NULL\(scope.condition(on: "\"d\".\"code\"").map { " AND " + $0 } ?? "")\(owners.condition.map { " AND " + $0 } ?? "")
            """, scope.binds + owners.binds, on: database) { $0.int(0) ?? 0 }
        return counts.first ?? 0
    }

    /// Alerts of measures recorded by `centres`, or by no one centre: a condition on the
    /// measurements joined as "m", and its values; no condition when `centres` is nil.
    private static func ownersCondition(_ centres: Set<String>?) -> (condition: String?, binds: [SQLValue]) {
        guard let centres else { return (nil, []) }
        guard !centres.isEmpty else { return ("\"m\".\"centre_id\" IS NULL", []) }
        return ("""
            ("m"."centre_id" IS NULL OR "m"."centre_id" IN (SELECT "id" FROM "centres" WHERE "code" IN (\(RawSQL.placeholders(centres.count)))))
            """, centres.sorted().map { .text($0) })
    }

    /// Whether a user of `centres` (every centre when nil) may see the alert: it was raised by a
    /// measure their centres recorded, or one no single centre owns. False for no such alert.
    public static func isVisible(_ code: String, toCentres centres: Set<String>?, on database: any Database) async throws -> Bool {
        let owners = ownersCondition(centres)
        let found = try await RawSQL.rows("""
            SELECT COUNT(*) FROM "safeguarding_alerts" AS "a" JOIN "measurements" AS "m" ON "m"."id" = "a"."measurement_id"
            WHERE "a"."code" = ?\(owners.condition.map { " AND " + $0 } ?? "")
            """, [.text(code)] + owners.binds, on: database) { $0.int(0) ?? 0 }
        return (found.first ?? 0) > 0
    }

    public static func find(_ code: String, on database: any Database) async throws -> SafeguardingAlert? {
        guard let model = try await SafeguardingAlertModel.query(on: database).filter(\.$code == code).with(\.$dyad).with(\.$measurement).first() else {
            return nil
        }
        return try domain(model, dyad: model.dyad.code, measurement: model.measurement.code)
    }

    /// Closes an open alert. People closing the same alert at once: the first wins, each of the
    /// others is told who closed it (`AlertAlreadyClosed`), and nothing of theirs is written.
    /// On SQLite the closes take turns (`writeTransaction`); on PostgreSQL the update is
    /// conditional on the alert still being open, and waits on the winner's row lock.
    public static func close(_ code: String, action: String, by user: String, now: Date,
                             on database: any Database) async throws -> SafeguardingAlert {
        try await database.writeTransaction { db in
            guard let model = try await SafeguardingAlertModel.query(on: db).filter(\.$code == code).first() else {
                throw MeasureInputError("Alert", field: "id", "no alert has the id \(code)")
            }
            if let closedAt = model.closedAt {
                throw AlertAlreadyClosed(alert: code, closedBy: model.closedBy ?? "someone", closedAt: closedAt)
            }
            let current = try domain(model, dyad: "", measurement: "")
            let closed = try current.closed(action: action, by: user, at: now)
            try await SafeguardingAlertModel.query(on: db)
                .filter(\.$id == model.requireID())
                .filter(\.$closedAt == nil)
                .set(\.$closedAt, to: closed.closedAt)
                .set(\.$closedBy, to: closed.closedBy)
                .set(\.$actionTaken, to: closed.actionTaken)
                .update()
            guard let stored = try await SafeguardingAlertModel.find(model.requireID(), on: db) else {
                throw MeasureInputError("Alert", field: "id", "no alert has the id \(code)")
            }
            guard stored.closedBy == user, stored.actionTaken == closed.actionTaken else {
                throw AlertAlreadyClosed(alert: code, closedBy: stored.closedBy ?? "someone", closedAt: stored.closedAt ?? now)
            }
            var result = try domain(stored, dyad: "", measurement: "")
            result.dyadId = (try await DyadModel.find(stored.$dyad.id, on: db))?.code ?? "?"
            result.measurementId = (try await MeasurementModel.find(stored.$measurement.id, on: db))?.code ?? "?"
            // The action taken is free text: kept with the details, which an erasure removes.
            try await ActivityLog.record(.alertClosed, kind: "alert", code: code, dyad: result.dyadId, summary: "Safeguarding alert \(code) closed",
                                         details: ActivityDetails(reason: closed.actionTaken), at: now, on: db)
            return result
        }
    }

    static func domain(_ model: SafeguardingAlertModel, dyad: String, measurement: String) throws -> SafeguardingAlert {
        guard let kind = SafeguardingAlert.Kind(rawValue: model.kind), let due = CalendarDate(model.dueBy) else {
            throw StoredDataError.invalidValue(record: "alert \(model.code)", field: "kind or due_by", value: "\(model.kind), \(model.dueBy)")
        }
        return SafeguardingAlert(id: model.code, dyadId: dyad, measurementId: measurement, kind: kind, reason: model.reason,
                                 dueBy: due, raisedAt: model.raisedAt, raisedBy: model.raisedBy, closedAt: model.closedAt,
                                 closedBy: model.closedBy, actionTaken: model.actionTaken)
    }
}

/// Someone else closed the alert first: what they did stands, and nothing of this close was saved.
public struct AlertAlreadyClosed: Error, CustomStringConvertible, Sendable {
    public let alert: String
    public let closedBy: String
    public let closedAt: Date

    public var description: String {
        "Alert \(alert) was already closed by \(closedBy). Nothing of yours was saved: the action they recorded is on the mother's page."
    }
}
