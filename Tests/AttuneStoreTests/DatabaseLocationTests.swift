import Foundation
import Testing
@testable import AttuneStore

@Suite("--database argument")
struct DatabaseLocationTests {
    @Test("a postgres URL selects PostgreSQL and its password never reaches the display name")
    func postgres() throws {
        let location = try DatabaseLocation.parse("postgres://attune:s3cret@db.local:5433/attune?sslmode=require")
        guard case .postgres(let url) = location else { Issue.record("expected PostgreSQL"); return }
        #expect(url.host == "db.local")
        #expect(url.port == 5433)
        #expect(url.user == "attune")
        #expect(url.database == "attune")
        #expect(!location.displayName.contains("s3cret"))
        #expect(try DatabaseLocation.parse("postgresql://u@h/db").isSQLite == false)
    }

    @Test("a malformed postgres URL is refused, naming what is wrong",
          arguments: [
            ("postgres://", "no host"),
            ("postgres://db.local/attune", "no user"),
            ("postgres://u@db.local:0/attune", "port 0"),
            ("postgres://u@db.local:99999/attune", "port"),
            ("postgres://u@db.local", "no database"),
            ("postgres://u@db.local/attune?sslmode=sometimes", "sslmode"),
            ("postgres://u@db.local/attune?colour=blue", "colour"),
            ("postgres://u@db.local/attune?pool_size=0", "pool_size must be a whole number from 1 to 64"),
            ("postgres://u@db.local/attune?pool_size=many", "pool_size"),
            ("postgres://u@db local/attune", "PostgreSQL URL"),
          ])
    func malformedPostgres(argument: String, expected: String) {
        #expect {
            try DatabaseLocation.parse(argument)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("PostgreSQL URL") && text.contains(expected)
        }
    }

    @Test("pool_size sets the connections per event loop and is not passed to the driver; sslmode is")
    func poolSize() throws {
        guard case .postgres(let url) = try DatabaseLocation.parse("postgres://u:p@h:5432/db?sslmode=require&pool_size=12") else {
            Issue.record("expected PostgreSQL"); return
        }
        #expect(url.poolSize == 12)
        #expect(url.driverURL == "postgres://u:p@h:5432/db?sslmode=require")
        guard case .postgres(let plain) = try DatabaseLocation.parse("postgres://u@h/db") else { return }
        #expect(plain.poolSize == 4)
        #expect(plain.driverURL == "postgres://u@h/db")
    }

    @Test("another URL scheme is refused")
    func otherScheme() {
        #expect(throws: DatabaseLocationError.unsupportedScheme("mysql")) {
            try DatabaseLocation.parse("mysql://u@h/db")
        }
    }

    @Test("a file that is not SQLite is refused and left byte for byte as it was")
    func notSQLite() async throws {
        try await withTemporaryFolder { folder async throws in
            let path = folder.appendingPathComponent("notes.txt").path
            let content = Data("Tuesday: massage group, room 2\n".utf8)
            try content.write(to: URL(fileURLWithPath: path))
            #expect(throws: DatabaseLocationError.notAnSQLiteFile(path: path)) {
                try DatabaseLocation.parse(path)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == content)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
        }
    }

    @Test("a folder, or a file in a missing folder, is refused")
    func folders() async throws {
        try await withTemporaryFolder { folder async throws in
            #expect(throws: DatabaseLocationError.isADirectory(path: folder.path)) {
                try DatabaseLocation.parse(folder.path)
            }
            let missing = folder.appendingPathComponent("nowhere/attune.sqlite").path
            #expect(throws: DatabaseLocationError.self) { try DatabaseLocation.parse(missing) }
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("nowhere").path))
        }
    }

    @Test("a new path, an empty file and an existing SQLite file are accepted without being written")
    func accepted() async throws {
        try await withTemporaryFolder { folder async throws in
            let new = folder.appendingPathComponent("new.sqlite").path
            #expect(try DatabaseLocation.parse(new) == .sqliteFile(path: new))
            #expect(!FileManager.default.fileExists(atPath: new))

            let empty = folder.appendingPathComponent("empty.sqlite").path
            _ = FileManager.default.createFile(atPath: empty, contents: Data())
            #expect(try DatabaseLocation.parse(empty) == .sqliteFile(path: empty))

            let real = folder.appendingPathComponent("real.sqlite").path
            try await withTestDatabases(.sqliteFile(path: real)) { _ in }
            #expect(try DatabaseLocation.parse(real) == .sqliteFile(path: real))
        }
    }
}
