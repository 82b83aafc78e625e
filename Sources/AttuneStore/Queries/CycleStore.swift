import AttuneCore
import FluentKit
import Foundation

/// Closed audit cycles (`AuditCycle`): each programme's profile frozen at the close, read back
/// for the trend.
public enum CycleStore {
    static let cycleTable = "audit_cycles"
    static let profileTable = "cycle_profiles"

    /// Closes the cycle `name`: every programme's profile as it stands under `rubric` (its
    /// stored profile, overrides applied) and the need-versus-provision correlation, in one
    /// transaction, logged. A name already used, or empty, is refused (`FormProblems`, "name").
    @discardableResult
    public static func close(name: String, rubric: Rubric, by user: String, now: Date, on database: any Database) async throws -> AuditCycle {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = AuditCycle.problem(naming: name, existing: try await names(on: database)) {
            throw FormProblems("audit cycle", ["name": problem])
        }
        // Read and worked out before the write, which then holds the write lock only to store it.
        let document = try await EvidenceStore.load(on: database)
        let stored = try await ProfileStore.storedProfiles(rubric: rubric, includingEvidence: false, on: database)
        let evaluation = Evaluation(title: name, document: document, rubric: rubric, stored: stored)
        let cycle = AuditCycle(name: name, closedAt: now, closedBy: user, evaluation: evaluation)
        try await database.writeTransaction { db in
            if let problem = AuditCycle.problem(naming: name, existing: try await names(on: db)) {
                throw FormProblems("audit cycle", ["name": problem])
            }
            let id = UUID()
            try await RawSQL.insert(into: cycleTable, columns: ["id", "name", "closed_at", "closed_by", "rubric_version", "correlation"],
                                    rows: [[.uuid(id), .text(name), .double(now.timeIntervalSince1970), .text(user), .text(cycle.rubricVersion),
                                            .double(cycle.correlation)]], on: db)
            let encoder = JSONEncoder()
            try await RawSQL.insert(into: profileTable, columns: ["id", "cycle_id", "programme", "centre", "profile"],
                                    rows: try zip(cycle.profiles, UUIDs.ascending(cycle.profiles.count)).map { profile, rowID in
                                        [.uuid(rowID), .uuid(id), .text(profile.programmeId), .text(profile.centreId),
                                         .text(String(decoding: try encoder.encode(profile), as: UTF8.self))]
                                    }, on: db)
            try await ActivityLog.record(.create, kind: "audit cycle", code: name,
                                         summary: "Closed the audit cycle \(name): \(cycle.profiles.count) programme profiles frozen", by: user, at: now, on: db)
        }
        return cycle
    }

    public static func names(on database: any Database) async throws -> [String] {
        try await RawSQL.rows("SELECT \"name\" FROM \(RawSQL.quoted(cycleTable))", on: database) { $0.text(0) ?? "" }
    }

    /// Every closed cycle, oldest first, with the profiles of the programmes of `centres` (all when nil).
    public static func cycles(centres: Set<String>? = nil, on database: any Database) async throws -> [AuditCycle] {
        let heads = try await RawSQL.rows("SELECT \"id\", \"name\", \"closed_at\", \"closed_by\", \"rubric_version\", \"correlation\" FROM \(RawSQL.quoted(cycleTable)) ORDER BY \"closed_at\"",
                                          on: database) { $0 }
        var sql = "SELECT \"cycle_id\", \"profile\" FROM \(RawSQL.quoted(profileTable))"
        var binds: [SQLValue] = []
        if let centres {
            guard !centres.isEmpty else { sql += " WHERE 1 = 0"; return try await assemble(heads, [], on: database) }
            sql += " WHERE \"centre\" IN (\(RawSQL.placeholders(centres.count)))"
            binds = centres.sorted().map { .text($0) }
        }
        let decoder = JSONDecoder()
        let profiles = try await RawSQL.rows(sql, binds, on: database) { row -> (String, FrozenProfile) in
            (row.text(0) ?? "", try decoder.decode(FrozenProfile.self, from: Data((row.text(1) ?? "").utf8)))
        }
        return try await assemble(heads, profiles, on: database)
    }

    private static func assemble(_ heads: [RawRow], _ profiles: [(String, FrozenProfile)], on database: any Database) async throws -> [AuditCycle] {
        let byCycle = Dictionary(grouping: profiles, by: \.0).mapValues { $0.map(\.1).sorted { $0.programmeId < $1.programmeId } }
        return heads.map { row in
            AuditCycle(name: row.text(1) ?? "", closedAt: Date(timeIntervalSince1970: row.double(2) ?? 0), closedBy: row.text(3) ?? "",
                       rubricVersion: row.text(4) ?? "", correlation: row.double(5), profiles: byCycle[row.text(0) ?? ""] ?? [])
        }
    }
}
