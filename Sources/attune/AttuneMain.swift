import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation

/// Entry point. An error is printed as a message naming the problem (one line, or one line per
/// problem for a document with several) and the process exits non-zero: 2 for bad input, 64
/// for a bad command line. Help and version requests print as usual.
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
        } catch let error as any InputError {
            // Bad input: the message names the field and what is allowed.
            FileHandle.standardError.write(Data("attune: error: \(error.description)\n".utf8))
            Foundation.exit(2)
        } catch {
            let exitCode = AttuneCommand.exitCode(for: error)
            if exitCode == .success { AttuneCommand.exit(withError: error) }
            // A database's error says why the server could not be reached, or what it answered.
            let message = DatabaseErrorMessage.message(for: error) ?? AttuneCommand.message(for: error)
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
        subcommands: [ServeCommand.self, UsersCommand.self, AuditCommand.self, ImportCommand.self, MeasureCommand.self, AlertsCommand.self, NeedCommand.self,
                      EnrolCommand.self, AttendanceCommand.self, GenerateCommand.self, RemindersCommand.self, ReachCommand.self, MissedCommand.self,
                      ReportCommand.self, SchemaCommand.self, ScoreCommand.self, StudyCommand.self, BackupCommand.self, RestoreCommand.self, SubjectAccessCommand.self,
                      ActivityCommand.self, EraseCommand.self, RetentionCommand.self, ExportCommand.self, AgreementCommand.self, ExcerptsCommand.self, CycleCommand.self, TrendCommand.self, ActionsCommand.self]
    )
}
