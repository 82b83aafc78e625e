import AttuneCore
import Foundation
import Vapor

/// Password rules from SECURITY.md: bcrypt with cost 12, at least 12 characters and at most 72
/// bytes, no composition rules, and the same work for an unknown user as for a wrong password.
public enum Passwords {
    public static let cost = 12
    public static let minimumCharacters = 12
    /// Bcrypt reads the first 72 bytes (UTF-8) and ignores the rest: a longer password would
    /// sign in with anything sharing its first 72 bytes, so none is accepted.
    public static let maximumBytes = 72

    public static func hash(_ password: String, record: String = "password") throws -> String {
        try check(password, record: record)
        return try Bcrypt.hash(password, cost: cost)
    }

    /// Refuses a password Attune does not accept, naming the field and the allowed range;
    /// `record` says whose password it is ("user ana", "ATTUNE_DEMO_PASSWORD").
    public static func check(_ password: String, record: String = "password") throws {
        let range = "use \(minimumCharacters) characters to \(maximumBytes) bytes"
        guard password.count >= minimumCharacters else {
            throw ReachInputError(record, field: "password", "\(password.count) characters; \(range) (a few words are easiest to remember)")
        }
        guard password.utf8.count <= maximumBytes else {
            throw ReachInputError(record, field: "password", """
                \(password.utf8.count) bytes; \(range) (a plain letter, digit or space is one byte, an accented letter two, \
                most emoji four): a longer password would be cut short
                """)
        }
        // Bcrypt reads a C string: a NUL would end the password there, unseen.
        guard !password.utf8.contains(0) else {
            throw ReachInputError(record, field: "password", "contains a NUL character; \(range) of text")
        }
    }

    /// Whether a password submitted at sign-in could be one Attune stores: over 72 bytes (or
    /// with a NUL) it never is, and must never match a hash of its first 72 bytes.
    static func couldBeStored(_ password: String) -> Bool {
        password.utf8.count <= maximumBytes && !password.utf8.contains(0)
    }

    /// Checks a password against a stored hash, or against a fixed hash when there is no user,
    /// so that an unknown username takes as long to refuse as a wrong password. A password that
    /// could not have been stored (`couldBeStored`) takes as long and never matches.
    static func verify(_ password: String, against hash: String?) -> Bool {
        let matches = (try? Bcrypt.verify(password, created: hash ?? unknownUserHash)) ?? false
        return hash != nil && couldBeStored(password) && matches
    }

    /// A random password of 20 letters and digits (about 100 bits), grouped for reading aloud.
    public static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }
        return stride(from: 0, to: 20, by: 5).map { String(characters[$0..<$0 + 5]) }.joined(separator: "-")
    }

    private static let unknownUserHash: String = (try? Bcrypt.hash(generate(), cost: cost)) ?? ""
}
