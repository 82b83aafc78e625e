import AttuneCore
import AttuneStore
import Fluent
import Vapor

/// Reading within the signed-in user's centres. Whatever lies outside them answers exactly as a
/// record that does not exist: 404, on every route and verb.
enum Scoped {
    static let notFound = Abort(.notFound, reason: "There is no such page, or it belongs to a centre you do not work in.")

    /// The user's part of the database, pseudonymised for evaluators.
    /// `includingDyads: false` leaves out the dyads' details (invitations still name them);
    /// `includingDelivery: false` who delivered the sessions (see `EvidenceStore.load`).
    /// `database`: a connection the page holds for all its queries (`request.db` when nil).
    static func evidence(_ request: Request, includingMeasures: Bool = false, includingDyads: Bool = true,
                         includingDelivery: Bool = true, programmes: Set<String>? = nil,
                         on database: (any Database)? = nil) async throws -> EvidenceDocument {
        let user = try request.user
        let document = try await EvidenceStore.load(includingMeasures: includingMeasures, includingDyads: includingDyads,
                                                    includingDelivery: includingDelivery, centres: user.scope.centreFilter,
                                                    programmes: programmes, on: database ?? request.db)
        return user.can(.viewPersonalDetails) ? document : document.pseudonymised()
    }

    /// One programme of the user's centres, or 404.
    static func programme(_ request: Request, includingMeasures: Bool = false,
                          on database: (any Database)? = nil) async throws -> (EvidenceDocument, Programme) {
        let code = try request.parameters.require("code")
        let document = try await evidence(request, includingMeasures: includingMeasures, programmes: [code], on: database)
        guard let programme = document.programmes.first(where: { $0.id == code }) else { throw notFound }
        return (document, programme)
    }

    /// The programmes of the user's centres a dyad is invited to (codes); a dyad in none of them
    /// answers 404. Enough to check a request that changes her records.
    @discardableResult
    static func requireDyad(_ request: Request, code: String) async throws -> Set<String> {
        let scope = try request.user.scope
        let programmes = try await EvidenceStore.programmes(ofDyad: code, on: request.db).filter { scope.centreFilter?.contains($0.value) ?? true }
        guard !programmes.isEmpty else { throw notFound }
        return Set(programmes.keys)
    }

    /// Those programmes with their records and measures, for the dyad's page.
    static func dyadDocument(_ request: Request, code: String) async throws -> EvidenceDocument {
        let document = try await evidence(request, includingMeasures: true, programmes: try await requireDyad(request, code: code))
        guard document.dyads.contains(where: { $0.id == code }) else { throw notFound }
        return document
    }
}
