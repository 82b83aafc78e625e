import Foundation
import Testing

@Suite("attune users")
struct UsersCommandTests {
    @Test("the first administrator, with a generated password printed once; bad requests exit 2 and create nothing")
    func createUsers() async throws {
        try await withTemporaryFolder { folder async throws in
            let created = try await AttuneProcess.run(["users", "create", "--role", "admin", "--username", "site-admin", "--name", "Site administrator",
                                                 "--generate-password"], in: folder)
            #expect(created.exitCode == 0, "\(created.stderr)")
            #expect(created.stdout.hasPrefix("Created administrator site-admin."))
            #expect(created.stdout.firstMatch(of: /Password \(shown once; give it to them safely\): [a-z2-9]{5}(-[a-z2-9]{5}){3}/) != nil)

            let again = try await AttuneProcess.run(["users", "create", "--role", "admin", "--username", "site-admin", "--name", "X", "--generate-password"], in: folder)
            #expect(again.exitCode == 2)
            #expect(again.stderr == "attune: error: user site-admin, username: site-admin is already taken\n")

            let noCentre = try await AttuneProcess.run(["users", "create", "--role", "facilitator", "--username", "jo.brown", "--name", "Jo", "--generate-password"], in: folder)
            #expect(noCentre.exitCode == 2)
            #expect(noCentre.stderr.contains("a facilitator belongs to at least one centre"))

            let short = try await AttuneProcess.run(["users", "create", "--role", "admin", "--username", "second", "--name", "Second"], in: folder,
                                              input: "too short\ntoo short\n")
            #expect(short.exitCode == 2)
            #expect(short.stderr.contains("9 characters; use 12 characters to 72 bytes"))
            let differ = try await AttuneProcess.run(["users", "create", "--role", "admin", "--username", "second", "--name", "Second"], in: folder,
                                               input: "a long enough password\nanother long password\n")
            #expect(differ.exitCode == 2)
            #expect(differ.stderr.contains("the two passwords differ"))
            let typed = try await AttuneProcess.run(["users", "create", "--role", "admin", "--username", "second", "--name", "Second"], in: folder,
                                              input: "a long enough password\na long enough password\n")
            #expect(typed.exitCode == 0)
            #expect(!typed.stdout.contains("a long enough password"))
        }
    }
}
