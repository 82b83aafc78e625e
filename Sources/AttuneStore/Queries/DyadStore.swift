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
}
