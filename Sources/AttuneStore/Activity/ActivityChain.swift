import AttuneCore
import Crypto
import FluentKit
import Foundation
import SQLKit

/// The hash chain that makes the SQLite activity log tamper-evident, and its check
/// (`attune activity verify`).
///
/// Each entry's hash is SHA-256 of its own fields and the hash of the entry before it, so an
/// entry altered in place no longer matches its hash, and one removed breaks the link of the
/// next. The details (old and new values, reasons) are covered by a salted digest rather than
/// by their text: an erasure removes the details and their salt, and what remains can no
/// longer be matched against a guessed name.
public enum ActivityChain {
    /// The fields an entry's hash covers, in this order.
    struct Fields: Encodable {
        let id: Int
        let at: Double
        let actor: String
        let address: String?
        let action: String
        let recordKind: String?
        let recordCode: String?
        let dyad: String?
        let programme: String?
        let summary: String
        let detailsDigest: String?

        /// One unambiguous text of the fields: a JSON array (numbers as text, so the text
        /// depends on nothing but the values).
        var canonical: String {
            let cells: [String?] = [String(id), String(at), actor, address, action, recordKind, recordCode, dyad, programme, summary, detailsDigest]
            return String(decoding: (try? JSONEncoder().encode(cells)) ?? Data(), as: UTF8.self)
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func hash(_ fields: Fields, previous: String) -> String {
        hex(SHA256.hash(data: Data((previous + "\n" + fields.canonical).utf8)))
    }

    static func digest(salt: String, details: String) -> String {
        hex(SHA256.hash(data: Data((salt + "\n" + details).utf8)))
    }

    static func newSalt() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// What `verify` found.
    public struct Verdict: Sendable, Equatable {
        /// Entries checked.
        public let entries: Int
        /// The first problem, in words; nil when the log is whole.
        public let problem: String?
        /// The id of the first entry found altered, or after which entries were removed.
        public let firstBadEntry: Int?
    }

    /// Reads the whole log in order and checks every link, every entry's hash and every
    /// details digest. Details may be missing only for a mother whose record was erased
    /// afterwards. On PostgreSQL, whose entries are not chained, only the details are checked.
    public static func verify(on database: any Database) async throws -> Verdict {
        let sql = database as! any SQLDatabase
        let chained = RawSQL.isSQLite(database)
        let erased = Set(try await sql.raw("SELECT \(ident: "dyad") FROM \(ident: ActivityLog.entries) WHERE \(ident: "action") = \(bind: ActivityAction.erase.rawValue)")
            .all().compactMap { try $0.decode(column: "dyad", as: String?.self) })
        let rows = try await sql.raw("""
            SELECT l.*, d.\(ident: "salt"), d.\(ident: "details") FROM \(ident: ActivityLog.entries) l \
            LEFT JOIN \(ident: ActivityLog.detailsTable) d ON d.\(ident: "entry") = l.\(ident: "id") ORDER BY l.\(ident: "id")
            """).all()
        var previousHash = "", previousID = 0
        for row in rows {
            let id = try row.decode(column: "id", as: Int.self)
            let digest = try row.decode(column: "details_digest", as: String?.self)
            let dyad = try row.decode(column: "dyad", as: String?.self)
            if chained {
                let fields = Fields(id: id, at: try row.decode(column: "at", as: Double.self), actor: try row.decode(column: "actor", as: String.self),
                                    address: try row.decode(column: "address", as: String?.self), action: try row.decode(column: "action", as: String.self),
                                    recordKind: try row.decode(column: "record_kind", as: String?.self),
                                    recordCode: try row.decode(column: "record_code", as: String?.self), dyad: dyad,
                                    programme: try row.decode(column: "programme", as: String?.self), summary: try row.decode(column: "summary", as: String.self),
                                    detailsDigest: digest)
                let storedPrevious = try row.decode(column: "previous_hash", as: String?.self) ?? ""
                let storedHash = try row.decode(column: "hash", as: String?.self) ?? ""
                if storedPrevious != previousHash || id != previousID + 1 {
                    let removed = previousID == 0 ? "the first entries (before \(id))" : "entries after \(previousID)"
                    return Verdict(entries: rows.count, problem: "\(removed) were removed or altered: entry \(id) does not follow on from the one before it", firstBadEntry: id)
                }
                if hash(fields, previous: storedPrevious) != storedHash {
                    return Verdict(entries: rows.count, problem: "entry \(id) was altered after it was written", firstBadEntry: id)
                }
                previousHash = storedHash
            }
            previousID = id
            if let digest {
                if let salt = try row.decode(column: "salt", as: String?.self), let details = try row.decode(column: "details", as: String?.self) {
                    if Self.digest(salt: salt, details: details) != digest {
                        return Verdict(entries: rows.count, problem: "the details of entry \(id) were altered after they were written", firstBadEntry: id)
                    }
                } else if dyad.map({ !erased.contains($0) }) ?? true {
                    return Verdict(entries: rows.count, problem: "the details of entry \(id) were removed, and no erasure explains it", firstBadEntry: id)
                }
            }
        }
        if chained {
            // Entries removed from the end leave the sequence ahead of the last id.
            let sequence = try await sql.raw("SELECT \(ident: "seq") FROM \(ident: "sqlite_sequence") WHERE \(ident: "name") = \(bind: ActivityLog.entries)").first()
            let highest = try sequence?.decode(column: "seq", as: Int.self) ?? 0
            if highest > previousID {
                return Verdict(entries: rows.count, problem: "entries after \(previousID) were removed (entry \(highest) was written)", firstBadEntry: previousID + 1)
            }
        }
        return Verdict(entries: rows.count, problem: nil, firstBadEntry: nil)
    }
}
