import FluentKit

/// Inserts many rows as multi-row INSERTs of at most `batchSize` rows, so that no statement
/// passes either engine's limit on bound parameters (SQLite 32,766, PostgreSQL 65,535; our
/// widest table has under 30 columns), and reports how many rows are written as it goes.
struct BatchWriter: Sendable {
    static let batchSize = 1_000

    let progress: (@Sendable (Int) -> Void)?

    init(progress: (@Sendable (Int) -> Void)? = nil) {
        self.progress = progress
    }

    func create<M: Model>(_ models: [M], on database: any Database) async throws {
        var start = 0
        while start < models.count {
            let end = min(start + Self.batchSize, models.count)
            try await Array(models[start..<end]).create(on: database)
            progress?(end - start)
            start = end
        }
    }
}
