import ArgumentParser
import AttuneStore
import Foundation

/// `--database`, shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    static let environmentVariable = "ATTUNE_DATABASE_URL"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "An SQLite file path, or a postgres://user:password@host:port/database URL.",
            discussion: "Defaults to $\(environmentVariable) when set, else \(DatabaseLocation.defaultSQLitePath) in the working directory.",
            valueName: "path-or-url"))
    var database: String?

    /// The checked location. Reads the disk but never writes it.
    func location() throws -> DatabaseLocation {
        let argument = database
            ?? ProcessInfo.processInfo.environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
            ?? DatabaseLocation.defaultSQLitePath
        return try DatabaseLocation.parse(argument)
    }
}
