import AttuneCore
import FluentKit

/// Loads the study into an empty database: the reconstructed evidence for its eight programmes,
/// and beside it the ratings and totals the paper printed in Table 1, so that derived and
/// published ratings can be compared. A database that already holds any programme is left
/// exactly as it is, so a second `serve --demo` adds nothing.
public enum StudyDemoLoader {
    public enum Outcome: Equatable, Sendable {
        case loaded(programmes: Int)
        case skippedBecauseNotEmpty(programmes: Int)
    }

    /// - Parameter currentProgrammeFrom: also add `DemoProgramme`, a programme invented for the
    ///   demo whose first session is on this day (so that there is something to log and remind).
    public static func load(into database: any Database, currentProgrammeFrom today: CalendarDate? = nil) async throws -> Outcome {
        let evidence = try StudyEvidence.load()
        let table = try PublishedTable1.load()
        // One transaction: either the whole study is stored or nothing is.
        return try await database.writeTransaction { transaction in
            let existing = try await ProgrammeModel.query(on: transaction).count()
            guard existing == 0 else { return .skippedBecauseNotEmpty(programmes: existing) }
            try await EvidenceStore.save(evidence, on: transaction)
            for column in table.columns {
                guard let programme = try await ProgrammeModel.query(on: transaction)
                    .filter(\.$code == column.programmeCode).first() else { continue }
                programme.publishedTotal = column.printedTotal
                try await programme.save(on: transaction)
                try await table.mechanisms.map { mechanism in
                    PublishedRatingModel(programmeID: try programme.requireID(), mechanism: mechanism.id.description,
                                         rating: table.rating(column, mechanism.id).rawValue)
                }.create(on: transaction)
            }
            if let today {
                try await EvidenceStore.save(DemoProgramme.make(today: today, study: evidence), on: transaction)
                return .loaded(programmes: evidence.programmes.count + 1)
            }
            return .loaded(programmes: evidence.programmes.count)
        }
    }
}
