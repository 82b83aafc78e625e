import Foundation

/// A reminder on its way out: what a sender needs, nothing more.
public struct OutgoingReminder: Sendable, Equatable {
    public let reference: String
    public let channel: ReminderChannel
    public let address: String
    public let message: String

    public init(reference: String, channel: ReminderChannel, address: String, message: String) {
        self.reference = reference
        self.channel = channel
        self.address = address
        self.message = message
    }
}

/// What a sender says it did with a reminder.
public struct DeliveryReceipt: Sendable, Equatable {
    /// "notify:740e5834-..." or "outbox".
    public let providerReference: String
    public let note: String

    public init(providerReference: String, note: String) {
        self.providerReference = providerReference
        self.note = note
    }
}

/// Why a delivery failed, and whether trying again could help (a gateway that is down) or not
/// (a number the gateway refuses).
public struct DeliveryFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public let retryable: Bool

    public init(_ description: String, retryable: Bool) {
        self.description = description
        self.retryable = retryable
    }
}

/// Delivers SMS and email reminders. Phone calls and printed lists never reach a sender: they
/// are lists for the facilitator.
public protocol ReminderSender: Sendable {
    var name: String { get }
    /// Throws `DeliveryFailure`; any other error counts as retryable.
    func send(_ reminder: OutgoingReminder) async throws -> DeliveryReceipt
}

/// The default: no gateway. A reminder is "sent" by being kept in the outbox view and the log,
/// where the facilitator sees and can pass it on.
public struct OutboxOnlySender: ReminderSender {
    public let name = "outbox"

    public init() {}

    public func send(_ reminder: OutgoingReminder) async throws -> DeliveryReceipt {
        DeliveryReceipt(providerReference: "outbox", note: "kept in the outbox (no gateway configured)")
    }
}

/// Retry timing: 5 minutes, then 20, then 80; after `maximumAttempts` the reminder is shown to
/// the facilitator as failed.
public struct RetryPolicy: Sendable, Equatable {
    public var maximumAttempts: Int
    public var firstDelaySeconds: Double
    public var multiplier: Double

    public static let standard = RetryPolicy(maximumAttempts: 4, firstDelaySeconds: 300, multiplier: 4)

    public init(maximumAttempts: Int, firstDelaySeconds: Double, multiplier: Double) {
        self.maximumAttempts = maximumAttempts
        self.firstDelaySeconds = firstDelaySeconds
        self.multiplier = multiplier
    }

    /// The wait after failed attempt number `attempt` (1-based); nil when it is time to give up.
    public func delay(afterAttempt attempt: Int) -> Double? {
        guard attempt < maximumAttempts else { return nil }
        var delay = firstDelaySeconds
        for _ in 1..<attempt { delay *= multiplier }
        return delay
    }
}
