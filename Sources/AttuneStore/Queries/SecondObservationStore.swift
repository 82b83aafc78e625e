import AttuneCore
import FluentKit
import Foundation

/// Second observers' checks of held sessions (`SecondObservation`): read with the evidence for
/// observer agreement, and recorded from a session's page. They never change a profile, so a
/// write here re-derives nothing.
public enum SecondObservationStore {
    static let table = "second_observations"
    static let columns = ["id", "session_id", "observer_name", "checks"]

    /// The three groups of checks, as the evidence document writes them.
    private struct Checks: Codable {
        var setting: SettingChecks
        var content: ContentChecks
        var observer: ObserverRatings
    }

    static func row(_ observation: SecondObservation, id: UUID, sessionID: UUID) throws -> [SQLValue] {
        let checks = Checks(setting: observation.setting, content: observation.content, observer: observation.observer)
        return [.uuid(id), .uuid(sessionID), .text(observation.observerName),
                .text(String(decoding: try EvidenceDocument.encoder.encode(checks), as: UTF8.self))]
    }

    /// Rows read by `columns`, whose session ids `sessionCode` turns into codes.
    static func observation(_ row: RawRow, sessionCode: RowCodes) throws -> SecondObservation {
        let session = sessionCode[row.text(1)] ?? "?"
        let observer = row.text(2) ?? ""
        guard let text = row.text(3), let checks = try? EvidenceDocument.decoder.decode(Checks.self, from: Data(text.utf8)) else {
            throw StoredDataError.invalidValue(record: "second observation of session \(session) by \(observer)", field: "checks",
                                               value: row.text(3) ?? "")
        }
        return SecondObservation(sessionId: session, observerName: observer, setting: checks.setting, content: checks.content,
                                 observer: checks.observer)
    }

    /// Adds the document's second observations within the caller's transaction; their sessions
    /// are in `sessionIDs` (the document's) or already stored.
    static func insert(_ observations: [SecondObservation], sessionIDs: [String: UUID], on db: any Database) async throws {
        guard !observations.isEmpty else { return }
        var ids = sessionIDs
        let missing = Set(observations.map(\.sessionId)).filter { ids[$0] == nil }
        if !missing.isEmpty {
            let stored = try await RawSQL.rows("SELECT \"id\", \"code\" FROM \"sessions\" WHERE \"code\" IN (\(RawSQL.placeholders(missing.count)))",
                                               missing.sorted().map { .text($0) }, on: db) { ($0.text(1) ?? "", $0.text(0) ?? "") }
            for (code, id) in stored { ids[code] = UUID(uuidString: id) }
        }
        try await RawSQL.insert(into: table, columns: columns, rows: try zip(observations, UUIDs.ascending(observations.count)).map { observation, id in
            try row(observation, id: id, sessionID: try EvidenceStore.rowID(ids, observation.sessionId, "session",
                                                                            namedBy: "second observation by \(observation.observerName)", "session_id"))
        }, on: db)
    }

    /// Records (or replaces) one observer's checks of one held session: checked as an import
    /// checks one (`FormProblems` by field), in one transaction, logged as a create or change.
    public static func save(_ observation: SecondObservation, by user: String, now: Date, on database: any Database) async throws {
        let record = "second observation of session \(observation.sessionId) by \(observation.observerName)"
        try await database.writeTransaction { db in
            let sessions = try await RawSQL.rows(
                "SELECT \"s\".\"id\", \"s\".\"cancelled\", \"s\".\"planned\", \"p\".\"code\" FROM \"sessions\" AS \"s\" JOIN \"programmes\" AS \"p\" ON \"p\".\"id\" = \"s\".\"programme_id\" WHERE \"s\".\"code\" = ?",
                [.text(observation.sessionId)], on: db) { (id: $0.text(0) ?? "", cancelled: $0.bool(1) == true, planned: $0.bool(2) == true, programme: $0.text(3) ?? "") }
            guard let session = sessions.first, let sessionID = UUID(uuidString: session.id) else {
                throw FormProblems(record, ["session_id": "No session has the code \(observation.sessionId)."])
            }
            // Checked as an import would check it, against a stub of its session.
            let stub = Session(id: observation.sessionId, programmeId: session.programme, number: 1, facilitatorsPresent: [],
                               leadFacilitatorId: nil, cancelled: session.cancelled, planned: session.planned ? true : nil)
            let problems = EvidenceValidator.problems(in: EvidenceDocument(sessions: [stub], secondObservations: [observation]))
                .filter { $0.record.hasPrefix("second observation") }
            guard problems.isEmpty else {
                throw FormProblems(record, Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first }))
            }
            let replaced = try await RawSQL.rows("SELECT \"id\" FROM \(RawSQL.quoted(table)) WHERE \"session_id\" = ? AND \"observer_name\" = ?",
                                                 [.uuid(sessionID), .text(observation.observerName)], on: db) { $0.text(0) ?? "" }
            try await RawSQL.execute("DELETE FROM \(RawSQL.quoted(table)) WHERE \"session_id\" = ? AND \"observer_name\" = ?",
                                     [.uuid(sessionID), .text(observation.observerName)], on: db)
            try await RawSQL.insert(into: table, columns: columns, rows: [try row(observation, id: UUID(), sessionID: sessionID)], on: db)
            try await ActivityLog.record(replaced.isEmpty ? .create : .change, kind: "second observation", code: observation.sessionId,
                                         programme: session.programme,
                                         summary: "\(replaced.isEmpty ? "Recorded" : "Changed") a second observation of session \(observation.sessionId)",
                                         by: user, at: now, on: db)
        }
    }

    /// The second observations of the sessions in `narrowing` (all when nil), in session then observer order.
    static func read(sessions narrowing: EvidenceStore.Narrowing?, sessionCode: RowCodes, on database: any Database) async throws -> [SecondObservation] {
        let sql = EvidenceStore.Narrowing.narrowed(EvidenceRows.select(columns, from: table), "session_id", narrowing)
        return try await RawSQL.rows(sql, narrowing?.binds ?? [], on: database) { try observation($0, sessionCode: sessionCode) }
            .sorted { ($0.sessionId, $0.observerName) < ($1.sessionId, $1.observerName) }
    }
}
