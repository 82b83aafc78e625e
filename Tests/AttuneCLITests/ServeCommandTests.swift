import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("attune serve", .serialized)
struct ServeCommandTests {
    @Test("creates the SQLite file, serves /health and the sign-in page, prints the demo password once, and a second --demo start adds nothing")
    func serveTwice() async throws {
        try await withTemporaryFolder { folder async throws in
            let data = folder.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            let log = folder.appendingPathComponent("serve.log")

            let first = try AttuneProcess.Server(arguments: ["--demo"], port: LoopbackPort.free(), in: data, log: log)
            let health = try await first.get("/health")
            #expect(health.status == 200)
            // Every page is behind sign-in: "/" leads to the sign-in form.
            let home = try await first.get("/")
            #expect(home.status == 200)
            #expect(home.body.contains("<h1>Sign in</h1>"))
            try await first.stop()
            // The default database is attune.sqlite in the working directory.
            #expect(try visibleFiles(in: data).contains("attune.sqlite"))
            #expect(first.output.contains("Demo: loaded 9 programmes: the study's 8 and one invented programme running now."))
            #expect(first.output.contains("Reminders: what is due is sent every 60 s (no gateway: SMS and email kept in the outbox)."))
            let printed = first.output.firstMatch(of: /created with the password: ([a-z2-9]{5}(-[a-z2-9]{5}){3})/)
            #expect(printed != nil, "the generated demo password is printed once")

            // One event loop, so one SQLite connection, serves as well as the default.
            let second = try AttuneProcess.Server(arguments: ["--demo", "--event-loops", "1"], port: LoopbackPort.free(), in: data, log: log)
            _ = try await second.get("/health")
            try await second.stop()
            let secondRun = second.output.components(separatedBy: "Server started").dropFirst(1).joined()
            #expect(second.output.contains("already holds 9 programmes; nothing added"))
            #expect(second.output.contains("Demo users already exist; their passwords are unchanged."))
            if let printed { #expect(!secondRun.contains(String(printed.1))) }
        }
    }

    @Test("--demo on a database that already has users adds no demo accounts, and says so")
    func demoOnDatabaseWithUsers() async throws {
        try await withTemporaryFolder { folder async throws in
            let data = folder.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            let log = folder.appendingPathComponent("serve.log")
            let created = try await AttuneProcess.run(["users", "create", "--role", "admin", "--username", "site-admin", "--name", "Site admin",
                                                 "--generate-password"], in: data)
            #expect(created.exitCode == 0)

            let server = try AttuneProcess.Server(arguments: ["--demo"], port: LoopbackPort.free(), in: data, log: log)
            _ = try await server.get("/health")
            try await server.stop()
            #expect(server.output.contains("Demo users not added: the database already holds 1 user of its own."))
            #expect(!server.output.contains("created with the password"))
        }
    }

    @Test("an unparsable --trusted-proxy is refused in one line", arguments: ["proxy.local", "10.0.0", "10.0.0.2:8080", "::g"])
    func trustedProxyUnparsable(address: String) async throws {
        try await expectRefused(["--trusted-proxy", address, "--port", String(LoopbackPort.free())],
                                saying: "--trusted-proxy \(address) is not an IP address")
    }

    @Test("--reminders-every outside 5-3600 seconds (and not 0) is refused in one line", arguments: ["1", "4000", "-5"])
    func remindersEveryRange(seconds: String) async throws {
        try await expectRefused(["--reminders-every=\(seconds)", "--port", String(LoopbackPort.free())],
                                saying: "--reminders-every \(seconds) is outside 5-3600 seconds (or 0 for none).")
    }

    @Test("a file that is not SQLite is refused in one line and left untouched")
    func notSQLite() async throws {
        try await withTemporaryFolder { folder async throws in
            let notes = folder.appendingPathComponent("notes.txt")
            let content = Data("not a database\n".utf8)
            try content.write(to: notes)
            let result = try await AttuneProcess.run(["serve", "--database", "notes.txt", "--port", String(LoopbackPort.free())], in: folder)
            #expect(result.exitCode != 0)
            #expect(result.stderrLines.count == 1)
            #expect(result.stderr.contains("notes.txt is not an SQLite database"))
            #expect(try Data(contentsOf: notes) == content)
            #expect(try visibleFiles(in: folder) == ["notes.txt"])
        }
    }

    @Test("a malformed postgres URL is refused in one line and creates no file",
          arguments: ["postgres://", "postgres://attune@db.local:notaport/attune", "postgres://db.local/attune"])
    func malformedPostgres(url: String) async throws {
        try await expectRefused(["--database", url, "--port", String(LoopbackPort.free())], saying: "malformed PostgreSQL URL")
    }

    @Test("a port already in use is refused in one line before any file is created")
    func portInUse() async throws {
        let (socket, port) = LoopbackPort.listen()
        defer { close(socket) }
        try await expectRefused(["--port", String(port)], saying: "port \(port) on 127.0.0.1 is already in use")
    }

    @Test("a port outside 1-65535 is refused in one line")
    func portOutOfRange() async throws {
        try await expectRefused(["--port", "70000"], saying: "1-65535")
    }

    @Test("an event loop count outside 1-64 is refused in one line", arguments: ["0", "65"])
    func eventLoopsOutOfRange(count: String) async throws {
        try await expectRefused(["--event-loops", count, "--port", String(LoopbackPort.free())],
                                saying: "--event-loops \(count) is outside 1-64")
    }

    @Test("a page cache size outside 0-100000 is refused in one line", arguments: ["-1", "100001"])
    func pageCacheOutOfRange(entries: String) async throws {
        try await expectRefused(["--page-cache=\(entries)", "--port", String(LoopbackPort.free())],
                                saying: "--page-cache \(entries) is outside 0-100000")
    }

    /// `attune serve` with `arguments` stops with one line of error containing `message`, and
    /// leaves its working folder empty.
    private func expectRefused(_ arguments: [String], saying message: String) async throws {
        try await withTemporaryFolder { folder async throws in
            let result = try await AttuneProcess.run(["serve"] + arguments, in: folder)
            #expect(result.exitCode != 0)
            #expect(result.stderrLines.count == 1)
            #expect(result.stderr.contains(message))
            #expect(try visibleFiles(in: folder).isEmpty)
        }
    }
}
