/// Programmes against mechanisms, as in the paper's Table 1.
///
/// Totals are always recomputed (the count of "yes" over the mechanisms the paper counts), never
/// copied: a printed total is kept only to report where it disagrees with its column.
public struct MechanismMatrix: Sendable {
    /// One programme's column.
    public struct Column: Sendable, Equatable {
        public let programmeCode: String
        public let programmeName: String
        public let location: String
        public let ratings: [MechanismID: Rating]
        /// The total a publication printed for this programme, if any.
        public let printedTotal: Int?

        public init(
            programmeCode: String, programmeName: String, location: String,
            ratings: [MechanismID: Rating], printedTotal: Int? = nil
        ) {
            self.programmeCode = programmeCode
            self.programmeName = programmeName
            self.location = location
            self.ratings = ratings
            self.printedTotal = printedTotal
        }
    }

    public let mechanisms: [Mechanism]
    public let columns: [Column]

    /// Builds a matrix, refusing a rating that the mechanism's scale does not allow
    /// (a "variable" for a yes/no mechanism) or a rating for a mechanism not in the rows.
    public init(mechanisms: [Mechanism], columns: [Column]) throws(MatrixError) {
        let rowIDs = Set(mechanisms.map(\.id))
        var seenCodes = Set<String>()
        for column in columns {
            guard seenCodes.insert(column.programmeCode).inserted else {
                throw .duplicateProgramme(code: column.programmeCode)
            }
            for (id, rating) in column.ratings {
                guard let mechanism = mechanisms.first(where: { $0.id == id }), rowIDs.contains(id) else {
                    throw .unknownMechanism(programme: column.programmeCode, mechanism: id)
                }
                guard mechanism.scale.allows(rating) else {
                    throw .ratingOutsideScale(programme: column.programmeCode, mechanism: mechanism, rating: rating)
                }
            }
        }
        self.mechanisms = mechanisms
        self.columns = columns
    }

    /// For ratings already checked against their scales (the assessment engine's output).
    init(checked mechanisms: [Mechanism], columns: [Column]) {
        self.mechanisms = mechanisms
        self.columns = columns
    }

    /// A missing cell is "not assessed", never "no".
    public func rating(_ column: Column, _ mechanism: MechanismID) -> Rating {
        column.ratings[mechanism] ?? .notAssessed
    }

    /// The paper's total: the number of "yes" over the mechanisms it counts (M1-M14).
    public func recomputedTotal(_ column: Column) -> Int { countedMechanisms(column, rated: .yes) }

    /// How many counted mechanisms have no rating yet.
    public func notAssessedCount(_ column: Column) -> Int { countedMechanisms(column, rated: .notAssessed) }

    /// How many of the mechanisms the paper counts are rated `rating` in `column`; counted in
    /// place, since a national matrix asks this of 12,000 columns.
    private func countedMechanisms(_ column: Column, rated wanted: Rating) -> Int {
        var count = 0
        for mechanism in mechanisms where mechanism.scale.countsTowardsPaperTotal && rating(column, mechanism.id) == wanted {
            count += 1
        }
        return count
    }

    /// Every printed total that disagrees with the count of "yes" in its column.
    public var discrepancies: [TotalDiscrepancy] {
        columns.compactMap { column in
            guard let printed = column.printedTotal else { return nil }
            let recomputed = recomputedTotal(column)
            guard printed != recomputed else { return nil }
            return TotalDiscrepancy(programmeCode: column.programmeCode, printedTotal: printed, recomputedTotal: recomputed)
        }
    }

    /// How many programmes give each rating to a mechanism (a row summary).
    public func count(of rating: Rating, for mechanism: MechanismID) -> Int {
        columns.filter { self.rating($0, mechanism) == rating }.count
    }
}

/// A printed total that does not match its column.
public struct TotalDiscrepancy: Sendable, Equatable, Codable {
    public let programmeCode: String
    public let printedTotal: Int
    public let recomputedTotal: Int

    public var message: String {
        "\(programmeCode): the printed total is \(printedTotal), but its column holds \(recomputedTotal) yes; Attune shows the recomputed total."
    }
}

public enum MatrixError: Error, Equatable, CustomStringConvertible {
    case duplicateProgramme(code: String)
    case unknownMechanism(programme: String, mechanism: MechanismID)
    case ratingOutsideScale(programme: String, mechanism: Mechanism, rating: Rating)

    public var description: String {
        switch self {
        case .duplicateProgramme(let code):
            "Programme \(code) appears twice; each programme needs one column."
        case .unknownMechanism(let programme, let mechanism):
            "Programme \(programme) has a rating for \(mechanism), which is not a row of this table."
        case .ratingOutsideScale(let programme, let mechanism, let rating):
            "Programme \(programme), \(mechanism.id) \(mechanism.shortName): '\(rating.label)' is not allowed; the paper rates this mechanism \(mechanism.scale.description)."
        }
    }
}
