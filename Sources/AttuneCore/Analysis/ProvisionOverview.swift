/// A programme's ratings of M1-M15, one per mechanism in catalogue order. An overview reads
/// fifteen for each of thousands of programmes (a national view, 12,000) and counts them after
/// every commit; kept in a dictionary by `MechanismID`, hashing the ids was most of that time.
public struct CatalogueRatings: Equatable, Sendable {
    /// `MechanismCatalogue.all`'s order; `.notAssessed` where none was given.
    private var ratings: [Rating]

    /// Ratings in `MechanismCatalogue.all`'s order.
    public init(inCatalogueOrder ratings: [Rating]) {
        precondition(ratings.count == MechanismCatalogue.all.count, "one rating per mechanism of the catalogue")
        self.ratings = ratings
    }

    public init(_ byMechanism: [MechanismID: Rating]) {
        ratings = MechanismCatalogue.all.map { byMechanism[$0.id] ?? .notAssessed }
    }

    public subscript(id: MechanismID) -> Rating {
        get { MechanismCatalogue.position(of: id).map { ratings[$0] } ?? .notAssessed }
        set { if let position = MechanismCatalogue.position(of: id) { ratings[position] = newValue } }
    }

    /// The rating of the mechanism at `position` in `MechanismCatalogue.all`.
    public subscript(position position: Int) -> Rating { ratings[position] }
}

/// One programme as an overview of many lists it: its ratings with overrides applied, its
/// total, sessions and need counts, without the explanations (read from its own page).
public struct ProgrammeSummary: Equatable, Sendable {
    public let programmeId: String
    public let name: String
    public let centreId: String
    public let centreName: String
    public let deprivationDecile: Int?
    /// M1-M15, overrides applied.
    public let ratings: CatalogueRatings
    public let heldSessions: Int
    public let plannedSessions: Int
    /// nil before the programme's first register.
    public let need: NeedCounts?
    /// Its records are reconstructed (the study's), which every page showing them says.
    public let reconstructed: Bool

    public init(programmeId: String, name: String, centreId: String, centreName: String, deprivationDecile: Int?,
                ratings: CatalogueRatings, heldSessions: Int, plannedSessions: Int, need: NeedCounts?, reconstructed: Bool = false) {
        self.programmeId = programmeId
        self.name = name
        self.centreId = centreId
        self.centreName = centreName
        self.deprivationDecile = deprivationDecile
        self.ratings = ratings
        self.heldSessions = heldSessions
        self.plannedSessions = plannedSessions
        self.need = need
        self.reconstructed = reconstructed
        total = MechanismCatalogue.ratedPositions.filter { ratings[position: $0] == .yes }.count
        highNeedShare = need.flatMap { $0.enrolled > 0 ? Double($0.enrolledHighNeed) / Double($0.enrolled) : nil }
    }

    /// The paper's total: yes over M1-M14. Worked out once: the overview sorts by it.
    public let total: Int

    /// The share of the mothers it enrolled who are in high need; nil before it started or
    /// with nobody enrolled.
    public let highNeedShare: Double?
}

/// Where need and provision do not meet across many programmes (a region, the country): how
/// often each mechanism is provided, totals against the share of high-need mothers, the
/// centres, and the programmes with the worst gaps first, filtered and a page at a time. Pure:
/// summaries in, numbers out; the page lays them out.
///
/// A provisional programme (fewer sessions held than the rubric asks, `Rubric.isProvisional`)
/// is listed, after the ranked ones, but left out of every count, chart and comparison: one
/// session's ratings say little, and would otherwise top or tail the country's list.
public struct ProvisionOverview: Sendable {
    public struct MechanismCounts: Sendable {
        public let mechanism: Mechanism
        public let yes: Int
        public let variable: Int
        public let no: Int
        public let notAssessed: Int
    }

    public struct CentreRow: Sendable {
        public let centreId: String
        public let name: String
        public let deprivationDecile: Int?
        public let programmes: Int
        public let meanTotal: Double
        public let lowestTotal: Int
        /// Programmes of the centre in the highest-need and lowest-provision thirds.
        public let inverseCare: Int
    }

    /// Which programmes to list.
    public struct Filter: Equatable, Sendable {
        public var centre: String?
        public var mechanism: MechanismID?
        public var rating: Rating?
        /// At least this share of the enrolled mothers in high need (0-1).
        public var highNeedAtLeast: Double?

        public init(centre: String? = nil, mechanism: MechanismID? = nil, rating: Rating? = nil, highNeedAtLeast: Double? = nil) {
            self.centre = centre
            self.mechanism = mechanism
            self.rating = rating
            self.highNeedAtLeast = highNeedAtLeast
        }

        public var isEmpty: Bool { self == Filter() }

        func admits(_ programme: ProgrammeSummary) -> Bool {
            if let centre, programme.centreId != centre { return false }
            if let mechanism, let rating, programme.ratings[mechanism] != rating { return false }
            if let highNeedAtLeast, (programme.highNeedShare ?? -1) + 1e-9 < highNeedAtLeast { return false }
            return true
        }
    }

    public enum Order: String, CaseIterable, Sendable {
        /// Lowest total first, and among equal totals the highest share of high-need mothers.
        case gaps
        case totalDescending = "total"
        case need
        case code

        public var label: String {
            switch self {
            case .gaps: "Worst gaps first"
            case .totalDescending: "Highest total first"
            case .need: "Highest need first"
            case .code: "Programme code"
            }
        }
    }

    /// One page of a list.
    public struct Page<Item: Sendable>: Sendable {
        public let items: [Item]
        public let number: Int
        public let count: Int
        public let total: Int
    }

    public let programmes: [ProgrammeSummary]
    /// The positions in `programmes` of the provisional ones.
    private let provisionalPositions: Set<Int>
    /// How many are provisional, and the sessions held a profile needs not to be.
    public var provisionalCount: Int { provisionalPositions.count }
    public let provisionalBelowHeldSessions: Int
    /// Some of them hold reconstructed records.
    public var reconstructed: Bool { programmes.contains(where: \.reconstructed) }
    public let mechanisms: [MechanismCounts]
    /// Programmes that have started, by total (0-14) and by tenth of high-need share
    /// (0: under 10%, ..., 9: 90% or more): `needGrid[total][tenth]`.
    public let needGrid: [[Int]]
    public let needVersusProvision: NeedVersusProvision
    public let centres: [CentreRow]

    public static let pageSize = 50

    /// - Parameters:
    ///   - programmes: in code order (as the store reads them).
    ///   - provisionalBelowHeldSessions: the rubric's (`Rubric.provisionalBelowHeldSessions`).
    public init(_ programmes: [ProgrammeSummary], provisionalBelowHeldSessions: Int = 0) {
        self.programmes = programmes
        self.provisionalBelowHeldSessions = provisionalBelowHeldSessions
        let provisional = Set(programmes.indices.filter { programmes[$0].heldSessions < provisionalBelowHeldSessions })
        provisionalPositions = provisional
        let ranked = provisional.isEmpty ? programmes : programmes.indices.filter { !provisional.contains($0) }.map { programmes[$0] }
        mechanisms = MechanismCatalogue.all.enumerated().map { position, mechanism in
            var (yes, variable, no, notAssessed) = (0, 0, 0, 0)
            for programme in ranked {
                switch programme.ratings[position: position] {
                case .yes: yes += 1
                case .variable: variable += 1
                case .no: no += 1
                case .notAssessed: notAssessed += 1
                }
            }
            return MechanismCounts(mechanism: mechanism, yes: yes, variable: variable, no: no, notAssessed: notAssessed)
        }
        var grid = [[Int]](repeating: [Int](repeating: 0, count: 10), count: MechanismCatalogue.rated.count + 1)
        for programme in ranked {
            guard let share = programme.highNeedShare else { continue }
            grid[programme.total][min(9, Int(share * 10))] += 1
        }
        needGrid = grid
        needVersusProvision = NeedVersusProvision(rows: ranked.compactMap { programme in
            programme.need.map { counts in
                NeedVersusProvision.Row(programmeId: programme.programmeId, name: programme.name, centre: programme.centreName,
                                        deprivationDecile: programme.deprivationDecile, mechanismTotal: programme.total, counts: counts)
            }
        })
        let inverseCare = Set(needVersusProvision.inverseCare)
        self.inverseCare = inverseCare
        centres = Dictionary(grouping: ranked, by: \.centreId).map { centre, programmes in
            let totals = programmes.map(\.total)
            return CentreRow(centreId: centre, name: programmes[0].centreName, deprivationDecile: programmes[0].deprivationDecile,
                             programmes: programmes.count, meanTotal: Double(totals.reduce(0, +)) / Double(totals.count),
                             lowestTotal: totals.min() ?? 0,
                             inverseCare: programmes.filter { inverseCare.contains($0.programmeId) }.count)
        }.sorted { ($0.inverseCare, -$0.meanTotal, $1.centreId) > ($1.inverseCare, -$1.meanTotal, $0.centreId) }
    }

    /// Whether a programme's profile is provisional (too few sessions held to be ranked).
    public func isProvisional(_ programme: ProgrammeSummary) -> Bool { programme.heldSessions < provisionalBelowHeldSessions }

    /// Whether a programme sits in the highest-need third and the lowest-provision third.
    public func isInverseCare(_ programme: String) -> Bool { inverseCare.contains(programme) }
    private let inverseCare: Set<String>

    /// The programmes `filter` admits, in `order`, page `page` (from 1; past the end, the last).
    /// Equal ones stay in code order. Positions are sorted, not the summaries, and compared
    /// by numbers: comparing codes as Unicode text made a national page take a second.
    public func listed(_ filter: Filter, order: Order, page: Int) -> Page<ProgrammeSummary> {
        let admitted = programmes.indices.filter { filter.admits(programmes[$0]) }
        func share(_ position: Int) -> Double { programmes[position].highNeedShare ?? -1 }
        func total(_ position: Int) -> Int { programmes[position].total }
        // Provisional ones after every ranked one (0 before 1), in code order among themselves.
        func unranked(_ position: Int) -> Int { provisionalPositions.contains(position) ? 1 : 0 }
        func rank(_ position: Int, _ key: Int, _ secondary: Double) -> (Int, Int, Double, Int) {
            unranked(position) == 1 ? (1, 0, 0, position) : (0, key, secondary, position)
        }
        let sorted: [Int]
        switch order {
        case .gaps: sorted = admitted.sorted { rank($0, total($0), -share($0)) < rank($1, total($1), -share($1)) }
        case .totalDescending: sorted = admitted.sorted { rank($0, -total($0), 0) < rank($1, -total($1), 0) }
        case .need: sorted = admitted.sorted { rank($0, 0, -share($0)) < rank($1, 0, -share($1)) }
        case .code: sorted = admitted
        }
        let shown = Self.page(sorted, number: page)
        return Page(items: shown.items.map { programmes[$0] }, number: shown.number, count: shown.count, total: shown.total)
    }

    /// The centres, those with the most inverse-care programmes first, a page at a time.
    public func centres(page: Int) -> Page<CentreRow> { Self.page(centres, number: page) }

    static func page<Item: Sendable>(_ items: [Item], number: Int) -> Page<Item> {
        let count = max(1, (items.count + pageSize - 1) / pageSize)
        let number = min(max(1, number), count)
        let start = (number - 1) * pageSize
        return Page(items: Array(items[min(start, items.count)..<min(start + pageSize, items.count)]), number: number, count: count,
                    total: items.count)
    }
}
