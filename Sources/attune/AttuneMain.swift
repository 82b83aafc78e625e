import ArgumentParser
import Foundation

/// Entry point. Errors are printed as one line naming the problem, and the process exits
/// non-zero; help and version requests print as usual.
@main
enum AttuneMain {
    static func main() async {
        do {
            var command = try AttuneCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let exitCode = AttuneCommand.exitCode(for: error)
            if exitCode == .success { AttuneCommand.exit(withError: error) }
            let message = AttuneCommand.message(for: error)
                .split(whereSeparator: \.isNewline).joined(separator: " ")
            FileHandle.standardError.write(Data("attune: error: \(message)\n".utf8))
            Foundation.exit(exitCode.rawValue)
        }
    }
}

struct AttuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attune",
        abstract: "Attune: record, derive and compare the mechanisms of change in parent-infant programmes.",
        version: "0.1.0",
        subcommands: [ServeCommand.self, StudyCommand.self]
    )
}
