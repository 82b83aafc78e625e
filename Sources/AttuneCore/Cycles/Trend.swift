/// Closed audit cycles compared, oldest first: per cycle the mean mechanism total of the
/// programmes (provisional ones left out) and the need-versus-provision correlation; between
/// each cycle and the one before, every rating that changed, with the old and new reasons.
public struct Trend: Sendable {
    public struct Point: Sendable, Equatable {
        public let cycle: String
        /// Programmes counted (not provisional, and within the filter).
        public let programmes: Int
        public let meanTotal: Double?
        public let correlation: Double?
    }

    public struct Change: Sendable, Equatable {
        public let programmeId: String
        public let programmeName: String
        public let centreId: String
        public let mechanism: MechanismID
        public let fromCycle: String
        public let toCycle: String
        public let before: FrozenProfile.Entry
        public let after: FrozenProfile.Entry

        /// Up (towards yes) or down.
        public var improved: Bool { Self.order(after.rating) > Self.order(before.rating) }

        static func order(_ rating: Rating) -> Int {
            switch rating { case .yes: 2; case .variable: 1; case .no: 0; case .notAssessed: -1 }
        }
    }

    public let points: [Point]
    public let changes: [Change]

    /// - Parameters: `programme` or `centre` narrows both the points and the changes; the
    ///   correlation is the whole cycle's, shown only when nothing narrows.
    public init(_ cycles: [AuditCycle], programme: String? = nil, centre: String? = nil) {
        let ordered = cycles.sorted { $0.closedAt < $1.closedAt }
        func wanted(_ profile: FrozenProfile) -> Bool {
            (programme.map { profile.programmeId == $0 } ?? true) && (centre.map { profile.centreId == $0 } ?? true)
        }
        points = ordered.map { cycle in
            let counted = cycle.profiles.filter { wanted($0) && !$0.provisional }
            return Point(cycle: cycle.name, programmes: counted.count,
                         meanTotal: counted.isEmpty ? nil : Double(counted.map(\.total).reduce(0, +)) / Double(counted.count),
                         correlation: programme == nil && centre == nil ? cycle.correlation : nil)
        }
        var changes: [Change] = []
        for (earlier, later) in zip(ordered, ordered.dropFirst()) {
            let before = Dictionary(earlier.profiles.map { ($0.programmeId, $0) }, uniquingKeysWith: { first, _ in first })
            for profile in later.profiles where wanted(profile) {
                guard let old = before[profile.programmeId] else { continue }
                for entry in profile.ratings {
                    guard let previous = old.entry(entry.mechanism), previous.rating != entry.rating else { continue }
                    changes.append(Change(programmeId: profile.programmeId, programmeName: profile.name, centreId: profile.centreId,
                                          mechanism: entry.mechanism, fromCycle: earlier.name, toCycle: later.name, before: previous, after: entry))
                }
            }
        }
        self.changes = changes
    }
}
