import AttuneCore
import FluentKit

/// Loads the study's eight programmes (with their published Table 1 ratings) into an empty
/// database. A database that already holds any programme is left exactly as it is, so a second
/// `serve --demo` adds nothing.
public enum StudyDemoLoader {
    public enum Outcome: Equatable, Sendable {
        case loaded(programmes: Int)
        case skippedBecauseNotEmpty(programmes: Int)
    }

    public static func load(into database: any Database) async throws -> Outcome {
        let table = try PublishedTable1.load()
        // One transaction: either every programme and rating is stored or none is.
        return try await database.transaction { transaction in
            let existing = try await ProgrammeModel.query(on: transaction).count()
            guard existing == 0 else { return .skippedBecauseNotEmpty(programmes: existing) }

            var centres: [String: CentreModel] = [:]
            for location in Set(table.columns.map(\.location)).sorted() {
                let centre = CentreModel(name: "Study location \(location)")
                try await centre.create(on: transaction)
                centres[location] = centre
            }
            for column in table.columns {
                let programme = ProgrammeModel(
                    centreID: try centres[column.location]!.requireID(),
                    code: column.programmeCode,
                    name: "Study programme \(column.programmeCode)",
                    publishedTotal: column.printedTotal)
                try await programme.create(on: transaction)
                let ratings = try table.mechanisms.map { mechanism in
                    PublishedRatingModel(
                        programmeID: try programme.requireID(), mechanism: mechanism.id.description,
                        rating: table.rating(column, mechanism.id).rawValue)
                }
                try await ratings.create(on: transaction)
            }
            return .loaded(programmes: table.columns.count)
        }
    }
}
