import AttuneCore
import FluentKit
import Foundation

/// Safeguarding alerts: listing, and closing with the action taken.
public enum AlertStore {
    /// - Parameter dyads: only these dyads' alerts (a user's centres); every alert when nil.
    public static func all(openOnly: Bool = false, dyads: Set<String>? = nil, on database: any Database) async throws -> [SafeguardingAlert] {
        var query = SafeguardingAlertModel.query(on: database).with(\.$dyad).with(\.$measurement)
        if openOnly { query = query.filter(\.$closedAt == nil) }
        if let dyads {
            let ids = try await DyadModel.query(on: database).filter(\.$code ~~ dyads).all(\.$id)
            query = query.filter(\.$dyad.$id ~~ ids)
        }
        return try await query.sort(\.$dueBy).sort(\.$raisedAt).sort(\.$code).all().map { model in
            try domain(model, dyad: model.dyad.code, measurement: model.measurement.code)
        }
    }

    public static func find(_ code: String, on database: any Database) async throws -> SafeguardingAlert? {
        guard let model = try await SafeguardingAlertModel.query(on: database).filter(\.$code == code).with(\.$dyad).with(\.$measurement).first() else {
            return nil
        }
        return try domain(model, dyad: model.dyad.code, measurement: model.measurement.code)
    }

    /// Closes an open alert. Two people closing the same alert at once: the first wins, the
    /// second is told it was already closed, and nothing of theirs is written.
    public static func close(_ code: String, action: String, by user: String, now: Date,
                             on database: any Database) async throws -> SafeguardingAlert {
        try await database.transaction { db in
            guard let model = try await SafeguardingAlertModel.query(on: db).filter(\.$code == code).first() else {
                throw MeasureInputError("Alert", field: "id", "no alert has the id \(code)")
            }
            let current = try domain(model, dyad: "", measurement: "")
            let closed = try current.closed(action: action, by: user, at: now)
            // Conditional on still being open, so a concurrent close cannot be overwritten.
            try await SafeguardingAlertModel.query(on: db)
                .filter(\.$id == model.requireID())
                .filter(\.$closedAt == nil)
                .set(\.$closedAt, to: closed.closedAt)
                .set(\.$closedBy, to: closed.closedBy)
                .set(\.$actionTaken, to: closed.actionTaken)
                .update()
            guard let stored = try await SafeguardingAlertModel.find(model.requireID(), on: db),
                  stored.closedBy == user, stored.actionTaken == closed.actionTaken else {
                throw MeasureInputError("Alert", field: "status", "alert \(code) was closed by someone else meanwhile")
            }
            var result = try domain(stored, dyad: "", measurement: "")
            result.dyadId = (try await DyadModel.find(stored.$dyad.id, on: db))?.code ?? "?"
            result.measurementId = (try await MeasurementModel.find(stored.$measurement.id, on: db))?.code ?? "?"
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
