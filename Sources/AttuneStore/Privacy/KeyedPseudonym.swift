import Crypto
import Foundation

/// A pseudonym made with a key kept outside the database: a prefix and the first 16 hex digits
/// (64 bits) of HMAC-SHA256(key, working code). The same key gives the same pseudonym; without
/// the key, a copy of the database cannot link one to a mother. Evaluators' pages use "p-" with
/// the site secret, research exports "r-" with the research key.
public enum KeyedPseudonym {
    public static func make(prefix: String, of code: String, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(code.utf8), using: key)
        return prefix + mac.prefix(8).map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }

    /// A key made from another for one purpose, so that one secret serves several without their
    /// pseudonyms matching: HMAC-SHA256(secret, purpose).
    public static func derivedKey(from secret: [UInt8], for purpose: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(purpose.utf8), using: SymmetricKey(data: secret)))
    }
}
