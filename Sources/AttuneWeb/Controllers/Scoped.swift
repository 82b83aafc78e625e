import AttuneCore
import AttuneStore
import Fluent
import Vapor

/// Reading within the signed-in user's centres. Whatever lies outside them answers exactly as a
/// record that does not exist: 404, on every route and verb.
enum Scoped {
    static let notFound = Abort(.notFound, reason: "There is no such page, or it belongs to a centre you do not work in.")

    /// The user's part of the database, pseudonymised for evaluators (no free text, dyads
    /// known by keyed-hash pseudonyms: `EvidenceDocument.pseudonymised`).
    /// `includingDyads: false` leaves out the dyads' details (invitations still name them);
    /// `includingDelivery: false` who delivered the sessions (see `EvidenceStore.load`).
    /// `database`: a connection the page holds for all its queries (`request.db` when nil).
    static func evidence(_ request: Request, includingMeasures: Bool = false, includingDyads: Bool = true,
                         includingDelivery: Bool = true, programmes: Set<String>? = nil,
                         on database: (any Database)? = nil) async throws -> EvidenceDocument {
        try await evidenceAndNaming(request, includingMeasures: includingMeasures, includingDyads: includingDyads,
                                    includingDelivery: includingDelivery, programmes: programmes, on: database).document
    }

    /// The same, with how the document names its dyads: what a page needs to ask the store
    /// about them (the store knows only working codes) and to name what the store answers.
    static func evidenceAndNaming(_ request: Request, includingMeasures: Bool = false, includingDyads: Bool = true,
                                  includingDelivery: Bool = true, programmes: Set<String>? = nil,
                                  on database: (any Database)? = nil) async throws -> (document: EvidenceDocument, naming: DyadNaming) {
        let user = try request.user
        let document = try await EvidenceStore.load(includingMeasures: includingMeasures, includingDyads: includingDyads,
                                                    includingDelivery: includingDelivery, centres: user.scope.centreFilter,
                                                    programmes: programmes, on: database ?? request.db)
        let naming = DyadNaming(request, codes: document.dyads.map(\.id) + document.invitations.map(\.dyadId))
        return (naming.isIdentity ? document : document.pseudonymised(renaming: naming.shown), naming)
    }

    /// The name a user knows a dyad by: her working code, or for an evaluator her pseudonym.
    static func shown(_ request: Request, code: String) throws -> String {
        try request.user.can(.viewPersonalDetails) ? code : request.application.dyadPseudonyms.pseudonym(of: code)
    }

    /// The working code of the dyad a user names in a page's address: for an evaluator the
    /// pseudonym of one of the dyads of her centres (anything else answers 404, a working code
    /// too: evaluators cannot probe codes); for anyone else the code as given.
    static func dyadCode(_ request: Request, shown: String) async throws -> String {
        guard try !request.user.can(.viewPersonalDetails) else { return shown }
        let (_, naming) = try await evidenceAndNaming(request, includingDyads: false, includingDelivery: false)
        guard let code = naming.code(of: shown) else { throw notFound }
        return code
    }

    /// One programme of the user's centres, or 404.
    /// `includingDyads` and `includingDelivery` as for `evidence`.
    static func programme(_ request: Request, includingMeasures: Bool = false, includingDyads: Bool = true, includingDelivery: Bool = true,
                          on database: (any Database)? = nil) async throws -> (EvidenceDocument, Programme, DyadNaming) {
        let code = try request.parameters.require("code")
        let (document, naming) = try await evidenceAndNaming(request, includingMeasures: includingMeasures, includingDyads: includingDyads,
                                                             includingDelivery: includingDelivery, programmes: [code], on: database)
        guard let programme = document.programmes.first(where: { $0.id == code }) else { throw notFound }
        return (document, programme, naming)
    }

    /// The stored mechanism profiles of the user's programmes (or of `programmes` among them),
    /// as the store keeps them up to date at each write, with overrides applied and, for
    /// evaluators, withheld as the rest of their document is.
    /// `includingEvidence: false` leaves out the records each rating used (see `ProfileStore.read`).
    static func profiles(_ request: Request, programmes: Set<String>? = nil, includingEvidence: Bool = true,
                         on database: (any Database)? = nil) async throws -> (document: EvidenceDocument, profiles: [ProgrammeProfile]) {
        let user = try request.user
        guard var read = try await ProfileStore.read(rubric: request.application.attuneRubric, centres: user.scope.centreFilter,
                                                     programmes: programmes, includingEvidence: includingEvidence,
                                                     on: database ?? request.db) else {
            // Another rubric is in use (a server started with another one on this database):
            // derived here, as before profiles were kept.
            let document = try await evidence(request, programmes: programmes, on: database)
            let index = EvidenceIndex(document)
            return (document, AssessmentEngine(rubric: request.application.attuneRubric).profiles(index))
        }
        let naming = DyadNaming(request, codes: [])
        guard !naming.isIdentity else { return (read.document, read.profiles) }
        // The records behind each rating name mothers by working code, as stored.
        read.document = read.document.pseudonymised(renaming: naming.shown)
        return (read.document, read.profiles.map { $0.renamingDyads(naming.shown) })
    }

    /// The profiles of a document the page has read already (its programmes, centres and
    /// overrides, pseudonymised for evaluators), from the stored profiles; derived from the
    /// document when they are another rubric's.
    static func profiles(_ request: Request, of document: EvidenceDocument, includingEvidence: Bool = true,
                         on database: any Database) async throws -> [ProgrammeProfile] {
        let rubric = request.application.attuneRubric
        let naming = DyadNaming(request, codes: [])
        // The records behind each rating name mothers by working code, as stored: an evaluator's by pseudonym.
        func named(_ profiles: [ProgrammeProfile]) -> [ProgrammeProfile] {
            naming.isIdentity ? profiles : profiles.map { $0.renamingDyads(naming.shown) }
        }
        if let stored = try await ProfileStore.storedProfiles(rubric: rubric, programmes: Set(document.programmes.map(\.id)),
                                                              includingEvidence: includingEvidence, on: database),
           let profiles = StoredProfile.profiles(of: document, stored: stored, rubric: rubric) {
            return named(profiles)
        }
        return AssessmentEngine(rubric: rubric).profiles(EvidenceIndex(document))
    }

    /// The programmes of the user's centres a dyad is invited to (codes); a dyad in none of them
    /// answers 404. Enough to check a request that changes her records.
    @discardableResult
    static func requireDyad(_ request: Request, code: String) async throws -> Set<String> {
        Set(try await dyadProgrammes(request, code: code).keys)
    }

    /// The same with each programme's centre (programme code to centre code).
    static func dyadProgrammes(_ request: Request, code: String) async throws -> [String: String] {
        let scope = try request.user.scope
        let programmes = try await EvidenceStore.programmes(ofDyad: code, on: request.db).filter { scope.centreFilter?.contains($0.value) ?? true }
        guard !programmes.isEmpty else { throw notFound }
        return programmes
    }
}

/// How a user's pages name dyads: by working code, or (evaluators) by pseudonym. Knows the
/// working codes of one document's dyads, so a pseudonym can be turned back into the code
/// the store needs, without the store ever seeing a pseudonym.
struct DyadNaming: Sendable {
    /// Working code to the name shown; nil when they are the same.
    private let pseudonyms: DyadPseudonyms?
    private let codes: [String: String]

    init(_ request: Request, codes: [String]) {
        let pseudonymise = (try? request.user.can(.viewPersonalDetails)) != true
        pseudonyms = pseudonymise ? request.application.dyadPseudonyms : nil
        var byShown: [String: String] = [:]
        if let pseudonyms {
            for code in Set(codes) { byShown[pseudonyms.pseudonym(of: code)] = code }
        }
        self.codes = byShown
    }

    var isIdentity: Bool { pseudonyms == nil }

    func shown(_ code: String) -> String { pseudonyms?.pseudonym(of: code) ?? code }

    /// The working code of a name shown in this document; nil for a name it does not show.
    func code(of shown: String) -> String? { pseudonyms == nil ? shown : codes[shown] }
}
