import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// An observer's override from the programme page: a derived rating replaced by a written
/// judgement (or the override removed), by a manager or an administrator. The derived rating
/// and its reasons stay shown beside it (`OverrideStore`).
struct OverrideController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pattern = SiteRoute.override(programme: ":code", mechanism: ":mechanism").pathComponents
        routes.get(pattern, use: form)
        routes.post(pattern, use: save)
    }

    @Sendable
    func form(request: Request) async throws -> Response {
        _ = try request.require(.overrideRatings)
        return try await render(request, values: [:], problems: [:])
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        let user = try request.require(.overrideRatings)
        let (programme, assessment) = try await Self.assessment(request)
        let values = try request.content.decode([String: String].self)
        var override: MechanismOverride?
        if values["action"] != "remove" {
            guard let rating = Rating(rawValue: values["rating"] ?? "") else {
                return try await render(request, values: values, problems: ["rating": "Choose the rating you judge right."], status: .unprocessableEntity)
            }
            override = MechanismOverride(programmeId: programme.id, mechanism: assessment.mechanism.id, rating: rating,
                                         rationale: (values["rationale"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                                         observer: user.displayName, date: request.today)
        }
        do {
            try await OverrideStore.replace(programme: programme.id, mechanism: assessment.mechanism.id, with: override, by: user.username,
                                            now: request.now, on: request.db)
        } catch let error as FormProblems {
            return try await render(request, values: values, problems: RecordForm.sentences(error.fields), status: .unprocessableEntity)
        }
        request.session.data["flash"] = override == nil
            ? "Removed the override of \(assessment.mechanism.id.description): the derived rating stands."
            : "Overrode \(assessment.mechanism.id.description) \(assessment.mechanism.shortName): \(override?.rating.label ?? ""). The derived rating stays shown beside it."
        return request.redirect(to: SiteRoute.programme(programme.id).path + "#mechanism-\(assessment.mechanism.id.description)", redirectType: .normal)
    }

    /// The programme and the mechanism the address names, within the user's centres, with its
    /// assessment as stored.
    static func assessment(_ request: Request) async throws -> (Programme, MechanismAssessment) {
        let (document, programme, _) = try await Scoped.programme(request, includingDyads: false)
        guard let mechanism = request.parameters.get("mechanism").flatMap(MechanismID.init),
              let profile = try await Scoped.profiles(request, of: EvidenceDocument(centres: document.centres, programmes: [programme],
                                                                                     overrides: document.overrides), on: request.db).first,
              let assessment = profile.assessments.first(where: { $0.mechanism.id == mechanism }) else { throw Scoped.notFound }
        return (programme, assessment)
    }

    private func render(_ request: Request, values: [String: String], problems: [String: String],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let (programme, assessment) = try await Self.assessment(request)
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "Override \(assessment.mechanism.id.description) of \(programme.name)", context: context,
                                main: OverridePage.main(context: context, programme: programme, assessment: assessment, values: values, problems: problems),
                                status: status)
    }
}
