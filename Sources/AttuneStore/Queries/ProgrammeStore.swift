import AttuneCore
import FluentKit
import Foundation

/// Programmes as people set them up from the web: a new programme with its planned sessions
/// (`ProgrammeSetUp`), checked as an import checks them, stored in one transaction.
public enum ProgrammeStore {
    /// Stores `programme` (its code chosen here, `ProgrammeSetUp.programmeCode`) with a planned
    /// session a week from its start date, led by `lead`, a facilitator of its centre; returns
    /// it as stored. Refused by field (`FormProblems`), storing nothing.
    public static func setUp(_ programme: Programme, lead: String, now: Date, by user: String,
                             on database: any Database) async throws -> Programme {
        let undated: [String: String] = programme.startDate == nil ? ["start_date": "Give the date of the first session."] : [:]
        return try await database.writeTransaction { db in
            var problems = undated
            guard let centre = try await CentreStore.find(code: programme.centreId, on: db) else {
                throw FormProblems("programme", problems.merging(["centre_id": "Choose a centre from the list."]) { first, _ in first })
            }
            let facilitators = try await ScopeStore.facilitators(of: [centre.id], on: db)
            guard let leader = facilitators.first(where: { $0.id == lead }) else {
                problems["lead_facilitator_id"] = facilitators.isEmpty
                    ? "No facilitator works at \(centre.name) yet; an administrator assigns them at Facilitators."
                    : "Choose a facilitator of \(centre.name) from the list."
                throw FormProblems("programme", problems)
            }
            var stored = programme
            stored.id = ProgrammeSetUp.programmeCode(centre: centre.id, taken: try await codes(ofCentre: centre.id, on: db))
            stored.endDate = ProgrammeSetUp.endDate(of: stored)
            let document = EvidenceDocument(centres: [centre], facilitators: [leader], programmes: [stored],
                                            sessions: ProgrammeSetUp.plannedSessions(of: stored, lead: leader.id))
            for problem in EvidenceValidator.problems(in: document, today: nil) where problems[problem.field] == nil {
                problems[problem.field] = problem.message
            }
            guard problems.isEmpty else { throw FormProblems("programme", problems) }
            try await EvidenceStore.add(document, now: now, by: user, on: db)
            return stored
        }
    }

    /// The codes of a centre's programmes.
    static func codes(ofCentre centre: String, on database: any Database) async throws -> Set<String> {
        Set(try await RawSQL.rows("SELECT \"p\".\"code\" FROM \"programmes\" AS \"p\" JOIN \"centres\" AS \"c\" ON \"c\".\"id\" = \"p\".\"centre_id\""
                                  + " WHERE \"c\".\"code\" = ?", [.text(centre)], on: database) { $0.text(0) ?? "" })
    }
}
