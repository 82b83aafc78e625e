import Foundation
import Testing

@Suite("attune generate")
struct GenerateCommandTests {
    @Test("the same seed gives the same dataset; a database that holds data is refused; progress is shown")
    func sameSeedSameData() async throws {
        try await withTemporaryFolder { folder async throws in
            let first = try await AttuneProcess.run(["generate", "--centres", "3", "--seed", "11", "--database", "a.sqlite"], in: folder)
            #expect(first.exitCode == 0, "\(first.stderr)")
            #expect(first.stdout.contains("12 programmes"))
            #expect(first.stderr.contains("100% ("), "progress is reported on standard error")
            _ = try await AttuneProcess.run(["generate", "--centres", "3", "--seed", "11", "--database", "b.sqlite"], in: folder)
            _ = try await AttuneProcess.run(["generate", "--centres", "3", "--seed", "12", "--database", "c.sqlite"], in: folder)
            // Every figure of the evaluation, without the title (which names the file).
            func figures(_ file: String) async throws -> String {
                try await AttuneProcess.run(["report", "--database", file, "--format", "json"], in: folder).stdout
                    .split(separator: "\n").filter { !$0.contains("\"title\"") }.joined(separator: "\n")
            }
            let (a, b, c) = (try await figures("a.sqlite"), try await figures("b.sqlite"), try await figures("c.sqlite"))
            #expect(!a.isEmpty && a == b)
            #expect(a != c)

            let again = try await AttuneProcess.run(["generate", "--centres", "3", "--seed", "11", "--database", "a.sqlite"], in: folder)
            #expect(again.exitCode == 2)
            #expect(again.stderr.contains("already holds 3 centres and 12 programmes; generate into a new database"))
            let tooMany = try await AttuneProcess.run(["generate", "--centres", "0", "--database", "d.sqlite"], in: folder)
            #expect(tooMany.exitCode != 0)
            #expect(tooMany.stderr.contains("--centres 0 is outside 1-20000"))
        }
    }
}
