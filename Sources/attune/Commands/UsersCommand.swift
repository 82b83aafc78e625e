import ArgumentParser
import AttuneCore
import AttuneStore
import AttuneWeb
import Foundation
import Logging

extension Role: ExpressibleByArgument {}

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Create the people who sign in to Attune.",
        subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user. The password is asked for (twice), or generated and printed once with --generate-password.",
            discussion: "The first administrator: attune users create --role admin --username admin --name Administrator")

        @Option(help: "admin, manager, facilitator or evaluator.") var role: Role
        @Option(help: "3-64 letters, digits, dots, hyphens or underscores, kept in lower case.") var username: String
        @Option(help: "The name shown on pages.") var name: String
        @Option(help: "The centres (ids) the user works in, comma-separated; not needed for an admin.") var centres: String = ""
        @Flag(help: "Generate a strong password and print it once, instead of asking.") var generatePassword = false
        @OptionGroup var databaseOptions: DatabaseOptions

        func run() async throws {
            let password: String
            if generatePassword {
                password = Passwords.generate()
            } else {
                guard let first = Self.prompt("Password (\(Passwords.minimumCharacters) characters to \(Passwords.maximumBytes) bytes): "), let second = Self.prompt("Again: ") else {
                    throw ReachInputError("user \(username)", field: "password", "no password given; type one, or use --generate-password")
                }
                guard first == second else { throw ReachInputError("user \(username)", field: "password", "the two passwords differ") }
                password = first
            }
            let (role, username, name) = (self.role, UserStore.normalisedUsername(self.username), self.name)
            try Passwords.check(password, record: "user \(username)")
            let centreList = centres.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let user = try await StoreSession.with(try databaseOptions.location(), mustExist: false, logger: Logger(label: "attune.users")) { db in
                try await Accounts.create(username: username, displayName: name, role: role, password: password, centres: centreList, on: db)
            }
            print("Created \(user.role.label) \(user.username)" + (user.centres.isEmpty ? "" : " for centres \(user.centres.sorted().joined(separator: ", "))") + ".")
            if generatePassword { print("Password (shown once; give it to them safely): \(password)") }
        }

        /// Reads a line without echo when on a terminal.
        static func prompt(_ text: String) -> String? {
            if isatty(STDIN_FILENO) != 0, let pointer = getpass(text) { return String(cString: pointer) }
            FileHandle.standardError.write(Data(text.utf8))
            return readLine(strippingNewline: true)
        }
    }
}
