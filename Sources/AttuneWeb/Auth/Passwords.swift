import AttuneCore
import Foundation
import Vapor

/// Password rules from SECURITY.md: bcrypt with cost 12, 12 to 128 characters, no composition
/// rules, and the same work for an unknown user as for a wrong password.
public enum Passwords {
    public static let cost = 12
    public static let lengths = 12...128

    public static func hash(_ password: String) throws -> String {
        try check(password)
        return try Bcrypt.hash(password, cost: cost)
    }

    public static func check(_ password: String) throws {
        guard lengths.contains(password.count) else {
            throw ReachInputError("password", field: "password", "\(password.count) characters; use \(lengths.lowerBound)-\(lengths.upperBound) (a few words are easiest to remember)")
        }
    }

    /// Checks a password against a stored hash, or against a fixed hash when there is no user,
    /// so that an unknown username takes as long to refuse as a wrong password.
    static func verify(_ password: String, against hash: String?) -> Bool {
        let matches = (try? Bcrypt.verify(password, created: hash ?? unknownUserHash)) ?? false
        return hash != nil && matches
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
