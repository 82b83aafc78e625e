import AttuneStore
import FluentKit
import Foundation
import NIOCore
import Vapor

/// Slows down guessing passwords without letting one person lock others out. Within 15 minutes,
/// sign-in is refused after
/// - 5 failures for one account from one address (someone mistyping stops here, alone),
/// - 10 failures for one account from anywhere (guessing one password from many places),
/// - 100 failures from one address for any accounts (a shared office, or every user behind a
///   proxy that is not `--trusted-proxy`, stays well below it).
///
/// An account is a normalised username (`UserStore.normalisedUsername`), existing or not: the
/// answer to a refused attempt says nothing of whether the user exists. The counts are kept in
/// the database (`SignInFailureStore`), so a restart does not reset them.
///
/// An attempt is recorded before it is counted, and counts as a failure until it succeeds: so
/// attempts sent at once cannot all pass the check while none has failed yet, and at most the
/// limit's number get as far as the password check in any window.
struct LoginThrottle: Sendable {
    struct Limits: Sendable {
        var perAccountAtAddress = 5
        var perAccount = 10
        var perAddress = 100
        var window: TimeInterval = 15 * 60
    }

    static let window: TimeInterval = Limits().window

    let limits: Limits
    let now: @Sendable () -> Date

    init(limits: Limits = Limits(), now: @escaping @Sendable () -> Date) {
        self.limits = limits
        self.now = now
    }

    /// An attempt admitted to the password check.
    struct Attempt: Sendable {
        let id: UUID
        let account: String
        let address: String
    }

    /// Admits an attempt to sign in to `username` from `address`, or refuses it (nil) when a
    /// limit is reached. A refused attempt is not counted.
    func admit(username: String, address: String, on database: any Database) async throws -> Attempt? {
        let account = Self.accountKey(username), time = now(), since = time.addingTimeInterval(-limits.window)
        // Refused at once, writing nothing, when a limit is already reached: otherwise attempts
        // from an address past its own limit, each counted while in flight, could hold the
        // account over its account-wide limit and lock its owner out from everywhere.
        let before = try await SignInFailureStore.counts(account: account, address: address, since: since, on: database)
        guard before.accountAtAddress < limits.perAccountAtAddress, before.account < limits.perAccount,
              before.address < limits.perAddress else { return nil }
        let id = try await SignInFailureStore.record(account: account, address: address, at: time, on: database)
        let counts = try await SignInFailureStore.counts(account: account, address: address, since: since, on: database)
        guard counts.accountAtAddress <= limits.perAccountAtAddress, counts.account <= limits.perAccount,
              counts.address <= limits.perAddress else {
            try await SignInFailureStore.remove(id: id, on: database)
            return nil
        }
        return Attempt(id: id, account: account, address: address)
    }

    /// The attempt signed in: its failures from that address no longer count (those from
    /// elsewhere still do).
    func succeeded(_ attempt: Attempt, on database: any Database) async throws {
        try await SignInFailureStore.removeAll(account: attempt.account, address: attempt.address, on: database)
    }

    /// The account as the database keeps it: a hash of the normalised username, so that a
    /// password typed into the username box by mistake is not kept in clear.
    static func accountKey(_ username: String) -> String {
        SHA256.hash(data: Data(UserStore.normalisedUsername(username).utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// The one reverse proxy whose `X-Forwarded-For` Attune believes (`serve --trusted-proxy`).
public struct TrustedProxy: Sendable, Equatable, CustomStringConvertible {
    /// The proxy's IP address, as `ClientAddress` writes addresses.
    public let address: String

    /// Nil unless `text` is an IPv4 or IPv6 address (such as 10.0.0.2 or ::1).
    public init?(_ text: String) {
        guard let address = ClientAddress.canonical(text) else { return nil }
        self.address = address
    }

    public var description: String { address }
}

/// The address a request comes from, for the sign-in throttle.
///
/// The socket's address, unless it is the trusted proxy: then the right-most address in
/// `X-Forwarded-For` that is not the proxy's own, which the proxy wrote itself (addresses to its
/// left are whatever the client sent, and prove nothing). Without `--trusted-proxy` the header is
/// ignored, so that nobody can choose the address they are counted under.
enum ClientAddress {
    static func of(_ request: Request, trustedProxy: TrustedProxy?) -> String {
        let socket = request.remoteAddress?.ipAddress.flatMap(canonical)
        guard let socket else { return "unknown" }
        guard let trustedProxy, socket == trustedProxy.address else { return socket }
        let forwarded = request.headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
        for entry in forwarded.reversed() {
            // Unreadable where the proxy writes: count the request under the proxy's address.
            guard let address = forwardedAddress(String(entry)) else { return socket }
            if address != trustedProxy.address { return address }
        }
        return socket
    }

    /// An IP address in one form for each address: IPv6 compressed and in lower case, an
    /// IPv4-mapped IPv6 address as plain IPv4. Nil for anything else (a name, a port, a range).
    static func canonical(_ text: String) -> String? {
        var text = Substring(text.trimmingCharacters(in: .whitespaces))
        if text.first == "[", text.last == "]" { text = text.dropFirst().dropLast() }
        guard !text.isEmpty, text.utf8.count <= 64, !text.contains("%"),
              let parsed = try? SocketAddress(ipAddress: String(text), port: 0), let address = parsed.ipAddress else { return nil }
        if case .v6 = parsed, address.hasPrefix("::ffff:"), address.contains("."),
           let v4 = try? SocketAddress(ipAddress: String(address.dropFirst(7)), port: 0), case .v4 = v4 {
            return v4.ipAddress
        }
        return address
    }

    /// An address in `X-Forwarded-For`, which some proxies write with a port
    /// ("203.0.113.7:51234", "[2001:db8::7]:51234").
    static func forwardedAddress(_ entry: String) -> String? {
        let entry = entry.trimmingCharacters(in: .whitespaces)
        if let address = canonical(entry) { return address }
        if entry.hasPrefix("["), let end = entry.firstIndex(of: "]") { return canonical(String(entry[...end])) }
        let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, Int(parts[1]) != nil { return canonical(String(parts[0])) }
        return nil
    }
}
