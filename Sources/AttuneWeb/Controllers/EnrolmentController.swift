import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// Inviting mothers to a programme and recording their answers, from the web: a mother already
/// registered at the centre, or a new one registered as she is invited (her fields from the
/// dyad's one definition, `EvidenceRecords.dyad`); then a place, the waiting list, a refusal, a
/// withdrawal or completion (`EnrolmentStore`). Only the programmes of the user's centres.
struct EnrolmentController: RouteCollection {
    /// The mother's and baby's fields the registration form shows, in order.
    static let dyadFields = ["mother_name", "mother_age_years", "infant_name", "infant_date_of_birth", "phone", "email", "postal_address",
                             "preferred_channel", "opted_out_channels", "referral", "social_risk_factors", "consent_to_records", "consent_date", "consent_to_contact",
                             "contact_consent_date", "consent_to_research", "research_consent_date"]
    /// What registering needs that an imported dyad may leave out.
    static let needed: Set<String> = ["mother_name", "infant_date_of_birth"]
    /// The invitation's fields both forms show, beside the inviting facilitator.
    static let invitationFields = ["mode", "invited_by_practitioner"]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.invite(programme: ":code").pathComponents, use: inviteForm)
        routes.post(SiteRoute.invite(programme: ":code").pathComponents, use: invite)
        routes.get(SiteRoute.enrolment(programme: ":code", dyad: ":dyad").pathComponents, use: answerForm)
        routes.post(SiteRoute.enrolment(programme: ":code", dyad: ":dyad").pathComponents, use: answer)
    }

    // MARK: Inviting

    @Sendable
    func inviteForm(request: Request) async throws -> Response {
        _ = try request.require(.manageEnrolment)
        let today = request.today
        let day = today.description
        var values = ["consent_date": day, "contact_consent_date": day, "research_consent_date": day]
        // From her page: she is chosen in the form for a mother already registered.
        if let dyad = request.query[String.self, at: "dyad"] { values.merge(["form": "existing", "dyad_id": dyad]) { _, new in new } }
        return try await renderInvite(request, target: try await Self.target(request), values: values, problems: [:])
    }

    @Sendable
    func invite(request: Request) async throws -> Response {
        let user = try request.require(.manageEnrolment)
        let target = try await Self.target(request)
        let values = try request.content.decode([String: String].self)
        var (invited, problems) = Self.invitation(values, facilitators: target.facilitators)

        let mother: String
        if values["form"] == "existing" {
            let dyad = values["dyad_id"] ?? ""
            guard let registered = target.registered.first(where: { $0.id == dyad }) else {
                problems["dyad_id"] = "Choose a mother from the list."
                return renderInvite(request, target: target, values: values, problems: problems, status: .unprocessableEntity)
            }
            guard let invited, problems.isEmpty else {
                return renderInvite(request, target: target, values: values, problems: problems, status: .unprocessableEntity)
            }
            do {
                _ = try await EnrolmentStore.invite(dyad: dyad, programme: target.programme.id, mode: invited.mode, facilitator: invited.facilitator,
                                                    practitioner: invited.practitioner, on: request.today, database: request.db)
            } catch let error as ReachInputError {
                problems[error.field == "dyad" ? "dyad_id" : error.field] = RecordForm.sentences(["": error.message])[""]
                return renderInvite(request, target: target, values: values, problems: problems, status: .unprocessableEntity)
            }
            mother = registered.motherName ?? registered.id
        } else {
            let blank = Dyad(id: "new", consentToRecords: false)
            let (typed, read) = RecordForm.read(EvidenceRecords.dyad, Self.dyadFields, values: values, base: blank, required: Self.needed)
            // Who recorded her consents: the person registering her.
            let dyad = typed.map { dyad -> Dyad in
                var recorded = dyad
                recorded.consentRecordedBy = user.displayName
                if recorded.consentToContact != nil { recorded.contactConsentRecordedBy = user.displayName }
                if recorded.consentToResearch != nil { recorded.researchConsentRecordedBy = user.displayName }
                return recorded
            }
            problems.merge(read) { first, _ in first }
            if values["consent_to_records"] != "true" {
                problems["consent_to_records"] = "Attune keeps records only with her consent. Without it, count her in the session log as one of the other mothers present."
            }
            guard let dyad, let invited, problems.isEmpty else {
                return renderInvite(request, target: target, values: values, problems: problems, status: .unprocessableEntity)
            }
            // A likely duplicate is shown before saving; saved only once the user says she is another mother.
            let duplicates = DyadRegistration.likelyDuplicates(of: dyad, among: target.registered)
            if !duplicates.isEmpty && values["not_a_duplicate"] != "true" {
                return renderInvite(request, target: target, values: values, problems: [:], duplicates: duplicates, status: .conflict)
            }
            do {
                _ = try await DyadStore.register(dyad, invitedTo: target.programme.id, invited: invited, today: request.today, now: request.now,
                                                 by: user.username, on: request.db)
            } catch let error as FormProblems {
                return renderInvite(request, target: target, values: values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
            }
            mother = dyad.motherName ?? "her"
        }
        request.session.data["flash"] = "Invited \(mother) to \(target.programme.name). Record her answer below when she gives it."
        return request.redirect(to: SiteRoute.programme(target.programme.id).path + "#enrolment-title", redirectType: .normal)
    }

    /// Who invited her and how, from either form: the facilitator must be one of the centre's.
    static func invitation(_ values: [String: String], facilitators: [Facilitator]) -> (DyadStore.Invited?, [String: String]) {
        let blank = Invitation(id: "new", dyadId: "new", programmeId: "new", mode: .inPerson)
        let (read, problems) = RecordForm.read(EvidenceRecords.invitation, invitationFields, values: values, base: blank)
        var all = problems
        let facilitator = (values["invited_by_facilitator_id"] ?? "").isEmpty ? nil : values["invited_by_facilitator_id"]
        if let facilitator, !facilitators.contains(where: { $0.id == facilitator }) {
            all["invited_by_facilitator_id"] = "Choose a facilitator from the list."
        }
        guard let read, all.isEmpty else { return (nil, all) }
        if read.mode.isPersonal && facilitator == nil && read.invitedByPractitioner == nil {
            return (nil, ["invited_by_facilitator_id": "A personal invitation (\(read.mode.words)) needs who made it: choose the facilitator or name the practitioner."])
        }
        return (DyadStore.Invited(mode: read.mode, facilitator: facilitator, practitioner: read.invitedByPractitioner), [:])
    }

    // MARK: Her answer

    @Sendable
    func answerForm(request: Request) async throws -> Response {
        _ = try request.require(.manageEnrolment)
        let read = try await Self.invitation(request)
        let (programme, invitation, _) = read
        try await request.recordView(of: "Her answer to \(programme.id)", dyad: invitation.dyadId, kind: "invitation", code: invitation.id,
                                     programme: programme.id)
        return try await renderAnswer(request, read, values: [:], problems: [:])
    }

    @Sendable
    func answer(request: Request) async throws -> Response {
        _ = try request.require(.manageEnrolment)
        let read = try await Self.invitation(request)
        let (programme, invitation, mother) = read
        let values = try request.content.decode([String: String].self)
        let action = EnrolmentAnswer(rawValue: values["answer"] ?? "")
        guard let action, EnrolmentAnswer.offered(for: invitation.status).contains(action) else {
            return try await renderAnswer(request, read, values: values, problems: ["answer": "Choose one of her answers."], status: .unprocessableEntity)
        }
        let reason = (values["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if action.needsReason && reason.isEmpty {
            return try await renderAnswer(request, read, values: values, problems: ["reason": "Give her reason in plain words, or \"not given\"."],
                                          status: .unprocessableEntity)
        }
        if let problem = FreeText.problem(reason) {
            return try await renderAnswer(request, read, values: values, problems: ["reason": RecordForm.sentences(["": problem])[""] ?? problem],
                                          status: .unprocessableEntity)
        }
        let stored: Invitation
        do {
            switch action {
            case .place:
                stored = try await EnrolmentStore.enrol(dyad: invitation.dyadId, programme: programme.id, on: request.today, waitingIfFull: true,
                                                        database: request.db)
            case .declined, .withdrew, .completed:
                stored = try await EnrolmentStore.close(dyad: invitation.dyadId, programme: programme.id, as: action.status, reason: reason.isEmpty ? nil : reason,
                                                        on: request.today, database: request.db)
            }
        } catch let error as ReachInputError {
            // Read afresh: someone else may have changed her answer meanwhile.
            return try await renderAnswer(request, nil, values: values, problems: ["answer": RecordForm.sentences(["": error.message])[""] ?? error.message],
                                          status: .unprocessableEntity)
        }
        request.session.data["flash"] = stored.status == .waiting && action == .place
            ? "No place is hers yet (every place is taken, or a freed place is first offered to those already waiting): \(mother) is on the waiting list, and will be offered a place in her turn."
            : "Recorded for \(mother): \(EnrolmentPages.statusWords(stored.status))."
        return request.redirect(to: SiteRoute.programme(programme.id).path + "#enrolment-title", redirectType: .normal)
    }

    // MARK: Reading within scope

    /// The programme the address names, within the user's centres, with its centre's
    /// facilitators and registered mothers.
    struct Target {
        let programme: Programme
        let centre: Centre?
        let facilitators: [Facilitator]
        let registered: [Dyad]
        let invited: Set<String>
    }

    static func target(_ request: Request) async throws -> Target {
        let (document, programme, _) = try await Scoped.programme(request, includingDelivery: false)
        let facilitators = try await ScopeStore.facilitators(of: [programme.centreId], on: request.db)
        let registered = try await DyadStore.registered(atCentre: programme.centreId, on: request.db)
        return Target(programme: programme, centre: document.centres.first { $0.id == programme.centreId }, facilitators: facilitators,
                      registered: registered, invited: Set(document.invitations.filter { $0.programmeId == programme.id }.map(\.dyadId)))
    }

    /// The invitation the address names (programme and dyad), within the user's centres, and
    /// the mother's name as the pages say it.
    static func invitation(_ request: Request) async throws -> (Programme, Invitation, String) {
        let dyad = try request.parameters.require("dyad")
        let (document, programme, _) = try await Scoped.programme(request, includingDelivery: false)
        guard let invitation = document.invitations.first(where: { $0.programmeId == programme.id && $0.dyadId == dyad }) else {
            throw Scoped.notFound
        }
        let mother = document.dyads.first { $0.id == dyad }?.motherName ?? dyad
        return (programme, invitation, mother)
    }

    private func renderInvite(_ request: Request, target: Target, values: [String: String], problems: [String: String], duplicates: [Dyad] = [],
                              status: HTTPResponseStatus = .ok) -> Response {
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "Invite a mother to \(target.programme.name)", context: context, main: EnrolmentPages.invite(
            context: context, target: target, values: values, problems: problems, duplicates: duplicates), status: status)
    }

    /// Her answer's form; `read` is the programme, invitation and her name when the caller has
    /// them already (nil reads them).
    private func renderAnswer(_ request: Request, _ read: (Programme, Invitation, String)?, values: [String: String], problems: [String: String],
                              status: HTTPResponseStatus = .ok) async throws -> Response {
        let (programme, invitation, mother) = if let read { read } else { try await Self.invitation(request) }
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "\(mother)'s answer", context: context, main: EnrolmentPages.answer(
            context: context, programme: programme, invitation: invitation, mother: mother, values: values, problems: problems), status: status)
    }
}

/// What a mother can answer, given where her invitation stands.
enum EnrolmentAnswer: String, CaseIterable {
    case place, declined, withdrew, completed

    static func offered(for status: EnrolmentStatus) -> [EnrolmentAnswer] {
        switch status {
        case .invited, .waiting: [.place, .declined]
        case .enrolled: [.withdrew, .completed]
        case .declined, .withdrawn: [.place]
        case .completed: []
        }
    }

    var status: EnrolmentStatus {
        switch self {
        case .place: .enrolled
        case .declined: .declined
        case .withdrew: .withdrawn
        case .completed: .completed
        }
    }

    var needsReason: Bool { self == .declined || self == .withdrew }

    var label: String {
        switch self {
        case .place: "She takes a place (the waiting list if every place is taken)"
        case .declined: "She declined"
        case .withdrew: "She withdrew"
        case .completed: "She completed the programme"
        }
    }

}
