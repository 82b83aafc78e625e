import AttuneStore
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Vapor

/// The identifiers evaluators know dyads by: an HMAC-SHA256 of the working code keyed with the
/// site secret, which is kept outside the database (`SiteSecret`). Stable for as long as the
/// secret is, and not reversible without it: a copy of the database and an evaluator's notes
/// together still do not link a pseudonym to a mother.
struct DyadPseudonyms: Sendable {
    private let key: SymmetricKey

    init(secret: [UInt8]) {
        key = SymmetricKey(data: secret)
    }

    /// "p-" and 16 hex digits (64 bits of the HMAC): for a national database's 120,000 dyads the
    /// chance of two sharing one is about 1 in 2.5 billion. Never the shape of a working code.
    func pseudonym(of code: String) -> String {
        KeyedPseudonym.make(prefix: "p-", of: code, key: key)
    }
}

/// The site secret that keys the pseudonyms: never stored in the database, so a copy of the
/// database alone cannot recompute them.
public enum SiteSecret {
    public static let environmentVariable = "ATTUNE_SITE_SECRET"
    /// The fewest bytes accepted, from the environment or a file.
    public static let shortest = 32

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// 32 random bytes (a start without a configured secret, as in tests).
    public static func random() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The secret for a server: the file given, else `ATTUNE_SITE_SECRET` when set, else (for an
    /// SQLite file only) `<database>.site-secret`, made on first start with 32 random bytes and
    /// readable by its owner only. PostgreSQL has no file beside it: it needs one of the first two.
    /// - Parameter databaseFile: the SQLite file's path; nil for PostgreSQL or an in-memory database.
    public static func load(environment: [String: String], file: String?, databaseFile: String?,
                            inMemory: Bool = false) throws -> [UInt8] {
        if let file { return try read(file) }
        if let text = environment[environmentVariable], !text.isEmpty {
            let bytes = Array(text.utf8)
            guard bytes.count >= shortest else {
                throw Problem(description: "\(environmentVariable) has \(bytes.count) characters; give at least \(shortest) (e.g. the output of `openssl rand -hex 32`).")
            }
            return bytes
        }
        if inMemory { return random() }
        guard let databaseFile else {
            throw Problem(description: """
                PostgreSQL needs a site secret kept outside the database, for evaluators' pseudonyms: set \(environmentVariable) \
                (at least \(shortest) characters, e.g. `openssl rand -hex 32`) or give --site-secret-file FILE.
                """)
        }
        let path = databaseFile + ".site-secret"
        if FileManager.default.fileExists(atPath: path) { return try read(path) }
        return try create(path)
    }

    /// A secret file's bytes (surrounding whitespace and newlines dropped, so an editor's final
    /// newline does not change every pseudonym).
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "Cannot read the site secret file \(path).")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = Array(text.utf8)
        guard bytes.count >= shortest else {
            throw Problem(description: "The site secret file \(path) holds \(bytes.count) characters; it needs at least \(shortest).")
        }
        return bytes
    }

    /// Writes 32 random bytes, as 64 hex digits, to a new file only its owner can read (made
    /// with mode 0600 from the start, and never over an existing file).
    static func create(_ path: String) throws -> [UInt8] {
        let text = random().map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw Problem(description: "Cannot create the site secret file \(path): \(String(cString: strerror(errno))).")
        }
        defer { close(descriptor) }
        let line = Array((text + "\n").utf8)
        guard write(descriptor, line, line.count) == line.count, fsync(descriptor) == 0 else {
            throw Problem(description: "Cannot write the site secret file \(path): \(String(cString: strerror(errno))).")
        }
        return Array(text.utf8)
    }
}

extension Application {
    private struct DyadPseudonymsKey: StorageKey {
        typealias Value = DyadPseudonyms
    }

    /// How evaluators' pages name dyads, keyed with the site secret (`WebSettings.siteSecret`).
    var dyadPseudonyms: DyadPseudonyms {
        get { storage[DyadPseudonymsKey.self]! }
        set { storage[DyadPseudonymsKey.self] = newValue }
    }
}
