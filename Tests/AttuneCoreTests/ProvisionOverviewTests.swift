import Testing
@testable import AttuneCore

/// The overview of many programmes, on programmes made by hand: counts, the need grid, the
/// order of the worst gaps, filters and pages worked out by hand.
@Suite("Provision overview: many programmes summarised")
struct ProvisionOverviewTests {
    /// A programme with `yes` of M1-M14 rated yes (the rest no, M15 not assessed), `enrolled`
    /// mothers of whom `high` in high need (nil: not started).
    static func programme(_ code: String, centre: String, yes: Int, enrolled: Int?, high: Int = 0) -> ProgrammeSummary {
        var ratings: [MechanismID: Rating] = [:]
        for (index, mechanism) in MechanismCatalogue.all.enumerated() {
            ratings[mechanism.id] = index < yes ? .yes : mechanism.scale == .unrated ? .notAssessed : .no
        }
        return ProgrammeSummary(programmeId: code, name: "Programme \(code)", centreId: centre, centreName: "Centre \(centre)",
                                deprivationDecile: nil, ratings: CatalogueRatings(ratings), heldSessions: 3, plannedSessions: 5,
                                need: enrolled.map { NeedCounts(enrolled: $0, enrolledHighNeed: high, attending: $0, attendingHighNeed: high) })
    }

    static let programmes = [
        programme("P1", centre: "C1", yes: 12, enrolled: 10, high: 1),  // 10% high need, total 12
        programme("P2", centre: "C1", yes: 2, enrolled: 8, high: 6),    // 75%, total 2
        programme("P3", centre: "C2", yes: 2, enrolled: 10, high: 2),   // 20%, total 2
        programme("P4", centre: "C2", yes: 7, enrolled: 4, high: 4),    // 100%, total 7
        programme("P5", centre: "C3", yes: 0, enrolled: nil),           // not started, total 0
        programme("P6", centre: "C3", yes: 9, enrolled: 0),             // started, nobody enrolled
    ]

    @Test("each mechanism counted by rating; totals and need shares as worked out by hand")
    func counts() {
        let overview = ProvisionOverview(Self.programmes)
        #expect(overview.programmes.map(\.total) == [12, 2, 2, 7, 0, 9])
        let m1 = overview.mechanisms[0]
        #expect((m1.yes, m1.variable, m1.no, m1.notAssessed) == (5, 0, 1, 0))
        let m12 = overview.mechanisms[11] // yes only in P1 (12 yes)
        #expect((m12.yes, m12.no) == (1, 5))
        let m15 = overview.mechanisms[14]
        #expect((m15.yes, m15.notAssessed) == (0, 6))
        // The need grid: started programmes with someone enrolled, by total and tenth of share.
        #expect(overview.needGrid[12][1] == 1) // P1: 10%
        #expect(overview.needGrid[2][7] == 1)  // P2: 75%
        #expect(overview.needGrid[2][2] == 1)  // P3: 20%
        #expect(overview.needGrid[7][9] == 1)  // P4: 100%
        #expect(overview.needGrid.flatMap { $0 }.reduce(0, +) == 4)
        // Need against provision over the five started programmes; P2 alone is in the highest
        // need third (P4, P2) and the lowest provision third (P3, P2): 2 of the 4 with a share.
        #expect(overview.needVersusProvision.rows.map(\.programmeId) == ["P1", "P2", "P3", "P4", "P6"])
        #expect(overview.needVersusProvision.inverseCare == ["P2"])
        #expect(overview.isInverseCare("P2") && !overview.isInverseCare("P3"))
    }

    @Test("the worst gaps first: lowest total, then the highest share of high-need mothers")
    func order() {
        let overview = ProvisionOverview(Self.programmes)
        #expect(overview.listed(.init(), order: .gaps, page: 1).items.map(\.programmeId) == ["P5", "P2", "P3", "P4", "P6", "P1"])
        #expect(overview.listed(.init(), order: .totalDescending, page: 1).items.map(\.programmeId) == ["P1", "P6", "P4", "P2", "P3", "P5"])
        #expect(overview.listed(.init(), order: .need, page: 1).items.map(\.programmeId) == ["P4", "P2", "P3", "P1", "P5", "P6"])
        #expect(overview.listed(.init(), order: .code, page: 1).items.map(\.programmeId) == ["P1", "P2", "P3", "P4", "P5", "P6"])
    }

    @Test("filters by centre, by a mechanism's rating and by need; pages of fifty, past the end the last")
    func filtersAndPages() {
        let overview = ProvisionOverview(Self.programmes)
        #expect(overview.listed(.init(centre: "C2"), order: .code, page: 1).items.map(\.programmeId) == ["P3", "P4"])
        #expect(overview.listed(.init(mechanism: MechanismID(8), rating: .yes), order: .code, page: 1).items.map(\.programmeId) == ["P1", "P6"])
        #expect(overview.listed(.init(highNeedAtLeast: 0.75), order: .code, page: 1).items.map(\.programmeId) == ["P2", "P4"])
        #expect(overview.listed(.init(centre: "C9"), order: .code, page: 1).items.isEmpty)
        let many = ProvisionOverview((1...120).map { Self.programme(String(format: "Q%03d", $0), centre: "C\($0 % 7)", yes: $0 % 15, enrolled: 5) })
        let second = many.listed(.init(), order: .code, page: 2)
        #expect((second.number, second.count, second.total, second.items.count) == (2, 3, 120, 50))
        #expect(second.items.first?.programmeId == "Q051")
        let beyond = many.listed(.init(), order: .code, page: 99)
        #expect((beyond.number, beyond.items.count, beyond.items.first?.programmeId) == (3, 20, "Q101"))
        #expect(many.centres(page: 1).items.count == 7)
    }

    @Test("centres: those with the most inverse-care programmes first, with their mean and lowest totals")
    func centres() {
        let overview = ProvisionOverview(Self.programmes)
        #expect(overview.centres.map(\.centreId) == ["C1", "C2", "C3"])
        let c1 = overview.centres[0]
        #expect((c1.programmes, c1.meanTotal, c1.lowestTotal, c1.inverseCare) == (2, 7, 2, 1))
    }

    @Test("a programme's ratings by mechanism read back as given, by id and by catalogue position; others not assessed")
    func catalogueRatings() {
        let given: [MechanismID: Rating] = [MechanismID(1): .yes, MechanismID(7): .variable, MechanismID(15): .no]
        var ratings = CatalogueRatings(given)
        for (position, mechanism) in MechanismCatalogue.all.enumerated() {
            #expect(ratings[mechanism.id] == given[mechanism.id] ?? .notAssessed)
            #expect(ratings[position: position] == ratings[mechanism.id])
        }
        #expect(ratings[MechanismID(99)] == .notAssessed)
        ratings[MechanismID(7)] = .yes
        #expect(ratings[MechanismID(7)] == .yes)
        #expect(MechanismCatalogue.ratedPositions.map { MechanismCatalogue.all[$0].id } == MechanismCatalogue.rated.map(\.id))
    }

    @Test("a provisional programme is listed after the ranked ones and left out of every count and comparison")
    func provisionalLeftOut() {
        func held(_ summary: ProgrammeSummary, _ sessions: Int) -> ProgrammeSummary {
            ProgrammeSummary(programmeId: summary.programmeId, name: summary.name, centreId: summary.centreId, centreName: summary.centreName,
                             deprivationDecile: nil, ratings: summary.ratings, heldSessions: sessions, plannedSessions: 5, need: summary.need)
        }
        // P9: one session held, every mechanism yes, all of its mothers in high need.
        let newcomer = held(Self.programme("P9", centre: "C9", yes: 14, enrolled: 4, high: 4), 1)
        let ranked = ProvisionOverview(Self.programmes, provisionalBelowHeldSessions: 3)
        let overview = ProvisionOverview(Self.programmes + [newcomer], provisionalBelowHeldSessions: 3)
        #expect(overview.provisionalCount == 1 && overview.isProvisional(newcomer))
        #expect(overview.mechanisms.map(\.yes) == ranked.mechanisms.map(\.yes))
        #expect(overview.needGrid == ranked.needGrid)
        #expect(overview.needVersusProvision.rows.count == ranked.needVersusProvision.rows.count)
        #expect(overview.centres.map(\.centreId) == ranked.centres.map(\.centreId))
        for order in ProvisionOverview.Order.allCases where order != .code {
            let listed = overview.listed(.init(), order: order, page: 1).items.map(\.programmeId)
            #expect(listed.last == "P9", "\(order)")
            #expect(Array(listed.dropLast()) == ranked.listed(.init(), order: order, page: 1).items.map(\.programmeId), "\(order)")
        }
        // Without a threshold nothing is provisional, and P9 tops the list by total.
        let unthresholded = ProvisionOverview(Self.programmes + [newcomer])
        #expect(unthresholded.provisionalCount == 0)
        #expect(unthresholded.listed(.init(), order: .totalDescending, page: 1).items.first?.programmeId == "P9")
    }
}
