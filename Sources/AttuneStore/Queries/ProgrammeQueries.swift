import AttuneCore
import FluentKit

extension ProgrammeModel {
    /// Every programme in code order with its centre and published ratings loaded.
    /// The programmes `codes` (nil: all) with their centres and published ratings, by code.
    public static func allWithRatings(codes: Set<String>? = nil, on database: any Database) async throws -> [ProgrammeModel] {
        var query = ProgrammeModel.query(on: database).with(\.$centre).with(\.$publishedRatings).sort(\.$code)
        if let codes { query = query.filter(\.$code ~~ codes.sorted()) }
        return try await query.all()
    }

    /// The totals a publication printed, by programme code (only programmes that have one).
    public static func printedTotals(on database: any Database) async throws -> [String: Int] {
        let programmes = try await ProgrammeModel.query(on: database).filter(\.$publishedTotal != nil).all()
        return Dictionary(uniqueKeysWithValues: programmes.compactMap { programme in
            programme.publishedTotal.map { (programme.code, $0) }
        })
    }

    /// The programmes in the database as a mechanism matrix (M1-M14 rows), from their
    /// published ratings. A stored value that is no longer a valid rating is an error, not a gap.
    /// `codes`: only these programmes (those a page shows); nil for all.
    public static func publishedMatrix(codes: Set<String>? = nil, on database: any Database) async throws -> MechanismMatrix {
        let programmes = try await allWithRatings(codes: codes, on: database)
        let columns = try programmes.map { programme in
            var ratings: [MechanismID: Rating] = [:]
            for stored in programme.publishedRatings {
                guard let id = MechanismID(stored.mechanism), let rating = Rating(rawValue: stored.rating) else {
                    throw StoredDataError.invalidRating(programme: programme.code, mechanism: stored.mechanism, value: stored.rating)
                }
                ratings[id] = rating
            }
            return MechanismMatrix.Column(
                programmeCode: programme.code, programmeName: programme.name,
                location: programme.centre.name, ratings: ratings,
                printedTotal: programme.publishedTotal)
        }
        return try MechanismMatrix(mechanisms: MechanismCatalogue.rated, columns: columns)
    }
}

/// A value in the database that Attune cannot read back (written by another tool or an
/// older version).
public enum StoredDataError: Error, CustomStringConvertible {
    case invalidRating(programme: String, mechanism: String, value: String)
    case invalidValue(record: String, field: String, value: String)

    public var description: String {
        switch self {
        case .invalidRating(let programme, let mechanism, let value):
            "Programme \(programme), \(mechanism): the stored rating '\(value)' is not yes, variable, no or not_assessed."
        case .invalidValue(let record, let field, let value):
            "The database holds an unreadable value for \(record), \(field): '\(value)'."
        }
    }
}
