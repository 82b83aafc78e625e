import AttuneCore
import AttuneHTML
import AttuneStore
import Vapor

/// The programmes of the user's centres with their mechanism totals, and one programme's
/// profile, sessions, enrolment and reach.
struct ProgrammesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SiteRoute.programmes.pathComponents, use: list)
        routes.get(SiteRoute.programme(":code").pathComponents, use: show)
    }

    @Sendable
    func list(request: Request) async throws -> Response {
        // Many programmes (a region, the country): summaries with drill-down, read from the
        // stored ratings and counts without a single explanation, and kept while nothing is
        // committed (a few megabytes for the whole country).
        let rubric = request.application.attuneRubric
        let user = try request.user
        if let overview = try await Self.overview(request) {
            let context = PageContext(request, section: .programmes)
            let page = ProgrammesOverviewPage.main(overview: overview, query: ProgrammesOverviewPage.Query(request),
                                                   rubricLine: "Rubric: \(rubric.name), version \(rubric.version).")
            return PageFrame.render(title: "Programmes", context: context, main: "\(Self.setUpLink(context))\(page)")
        }
        // A few programmes: every profile in full, as stored at each write (not derived from
        // every record at each look), kept while nothing is committed.
        let model = try await request.application.pageDataCache.value("programmes", for: user, on: request.db) {
            let (document, profiles) = try await Scoped.profiles(request, includingEvidence: false)
            let report = AuditReport(title: "Mechanism profiles", rubric: rubric, reconstructed: document.reconstructed, profiles: profiles,
                                     printedTotals: try await ProgrammeModel.printedTotals(on: request.db))
            let published = try await ProgrammeModel.publishedMatrix(codes: Set(profiles.map(\.programme.id)), on: request.db)
            return HomePageModel(report: report, published: published)
        }
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "Programmes", context: context, main: "\(Self.setUpLink(context))\(HomePage(model: model).main)")
    }

    /// Above the programmes, for those who may set one up.
    static func setUpLink(_ context: PageContext) -> SafeHTML {
        context.can(.setUpProgrammes)
            ? "<p class=\"page-actions\"><a class=\"button\" href=\"\(SiteRoute.newProgramme.path)\">Set up a programme</a></p>" : ""
    }

    /// The overview of the user's programmes when they are more than a page shows in full
    /// (`ProgrammesOverviewPage.fullListLimit`); nil for fewer. Kept while nothing is committed.
    static func overview(_ request: Request) async throws -> ProvisionOverview? {
        let rubric = request.application.attuneRubric
        let user = try request.user
        return try await request.application.pageDataCache.value("programmes-overview", for: user, anyScope: true, on: request.db) {
            try await ProfileStore.summaries(rubric: rubric, centres: user.scope.centreFilter, on: request.db)
                .flatMap { $0.count > ProgrammesOverviewPage.fullListLimit ? ProvisionOverview($0, provisionalBelowHeldSessions: rubric.provisionalBelowHeldSessions) : nil }
        }
    }

    @Sendable
    func show(request: Request) async throws -> Response {
        let code = try request.parameters.require("code")
        // One connection for the page's queries, rather than one taken from the pool for each;
        // none but the cache's question when nothing has been committed since the last view.
        // One programme's data is small whoever looks, so an administrator's view is kept too.
        let page = try await request.db.withConnection { db in
            try await request.application.pageDataCache.value("programme", for: try request.user, detail: code, anyScope: true, on: db) {
                let (document, programme, naming) = try await Scoped.programme(request, on: db)
                // Need from the signals stored with the measures, not by reading and scoring them;
                // the store knows dyads by working code, an evaluator's document by pseudonym.
                let stored = try await MeasureStore.needs(ofDyads: Set(document.dyads.compactMap { naming.code(of: $0.id) }), on: db)
                let needs = Dictionary(stored.map { (naming.shown($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
                // The programme's profile as stored, with the records and overrides read above.
                let one = EvidenceDocument(centres: document.centres, programmes: [programme], overrides: document.overrides)
                guard let profile = try await Scoped.profiles(request, of: one, on: db).first else { throw Scoped.notFound }
                let reach = ReachReport(document: document, needs: needs)
                // Its missed opportunities as the last write stored them, named as the page names dyads.
                let missed = try await ProfileStore.missedOpportunities(ofProgramme: code, rubric: request.application.attuneRubric, on: db)
                    .map { MissedOpportunitySummary(dyadId: naming.shown($0.dyadId), programmeId: $0.programmeId, what: $0.what,
                                                    needSummary: $0.needSummary, followedUp: $0.followedUp) }
                return ProgrammePageData(document: document, programme: programme, profile: profile,
                                         reach: reach.analysis.programmes.first { $0.id == programme.id },
                                         journeys: reach.analysis.journeys, needs: reach.needs, missed: missed)
            }
        }
        // Back from saving a session log: said from the address, so the busiest write writes no
        // session, and beside the profile, where the page opens.
        let logged = request.query[Int.self, at: "logged"].flatMap { (1...page.programme.plannedSessions).contains($0) ? $0 : nil }
        let context = PageContext(request, section: .programmes)
        return PageFrame.render(title: "Programme \(page.programme.id)", context: context, main: ProgrammePage.main(
            context: context, document: page.document, programme: page.programme, profile: page.profile,
            reach: page.reach, journeys: page.journeys, needs: page.needs, missed: page.missed, logged: logged,
            rubric: request.application.attuneRubric))
    }
}

/// What the programme page read and derived: its records, profile and reach.
private struct ProgrammePageData: Sendable {
    let document: EvidenceDocument
    let programme: Programme
    let profile: ProgrammeProfile
    let reach: ReachBreakdown?
    let journeys: [DyadJourney]
    let needs: [String: NeedAssessment]
    let missed: [MissedOpportunitySummary]
}
