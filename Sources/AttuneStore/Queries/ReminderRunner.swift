import AttuneCore
import FluentKit
import Foundation

/// What a run did with one reminder.
public struct ReminderRunResult: Codable, Equatable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        /// Accepted by the gateway (or kept in the outbox by the default sender).
        case sent
        /// Put on the facilitator's phone-call list or the printed list.
        case listed
        case skipped
        /// Failed, and will be tried again later.
        case retrying
        /// Failed for good; shown to the facilitator.
        case failed
    }

    public let dyad: String
    public let session: String
    public let channel: ReminderChannel
    public let time: Date
    public let outcome: Outcome
    public let note: String?
}

/// Sends what is due from the outbox. Each reminder is sent at most once: a runner claims it
/// with a compare-and-set before sending, so a second runner (or a second process) cannot
/// also send it, and a claim left behind by a runner that stopped mid-send is marked
/// "unconfirmed" for a person to check, never resent on a guess.
public struct ReminderRunner: Sendable {
    public let sender: any ReminderSender
    public let retry: RetryPolicy
    public let clock: LocalClock
    /// How long a claim may be held before it counts as abandoned.
    public let leaseSeconds: Double

    public init(sender: any ReminderSender = OutboxOnlySender(), retry: RetryPolicy = .standard,
                clock: LocalClock = .london, leaseSeconds: Double = 600) {
        self.sender = sender
        self.retry = retry
        self.clock = clock
        self.leaseSeconds = leaseSeconds
    }

    public func run(now: Date, on database: any Database) async throws -> [ReminderRunResult] {
        try await ReminderOutbox.refresh(now: now, clock: clock, on: database)
        try await abandonStaleClaims(now: now, on: database)

        let seconds = now.timeIntervalSince1970
        let candidates = try await ReminderModel.query(on: database)
            .filter(\.$status == ReminderStatus.pending.rawValue)
            .filter(\.$dueAt <= seconds)
            .group(.or) { $0.filter(\.$nextAttemptAt == nil).filter(\.$nextAttemptAt <= seconds) }
            .with(\.$session).with(\.$dyad)
            .sort(\.$dueAt).sort(\.$key)
            .all()
        guard !candidates.isEmpty else { return [] }

        // The enrolment status of every dyad in play, read once.
        let invitations = try await InvitationModel.query(on: database)
            .filter(\.$dyad.$id ~~ Set(candidates.map(\.$dyad.id))).all()
        var enrolment: [String: EnrolmentStatus] = [:]
        for invitation in invitations {
            enrolment["\(invitation.$dyad.id)#\(invitation.$programme.id)"] = EnrolmentStatus(rawValue: invitation.status)
        }
        // When several reminders for one session fell due while no runner ran, only the
        // latest (fewest days before) goes.
        var latestDue: [String: Int] = [:]
        for candidate in candidates {
            let pair = "\(candidate.$session.id)#\(candidate.$dyad.id)"
            latestDue[pair] = min(latestDue[pair] ?? .max, candidate.daysBefore)
        }

        var results: [ReminderRunResult] = []
        for candidate in candidates {
            let latest = latestDue["\(candidate.$session.id)#\(candidate.$dyad.id)"]!
            let decision = ReminderDecision.decide(
                dueAt: Date(timeIntervalSince1970: candidate.dueAt), sessionStartsAt: Date(timeIntervalSince1970: candidate.sessionStartsAt),
                now: now, sessionCancelled: candidate.session.cancelled,
                enrolment: enrolment["\(candidate.$dyad.id)#\(candidate.$programme.id)"] ?? .invited,
                supersededBy: latest < candidate.daysBefore ? latest : nil)
            switch decision {
            case .wait:
                continue
            case .skip(let reason):
                if try await finishUnclaimed(candidate, as: .skipped, note: reason, now: now, on: database) {
                    results.append(result(candidate, .skipped, now, reason))
                }
            case .send:
                if let outcome = try await claimAndSend(candidate, now: now, on: database) { results.append(outcome) }
            }
        }
        return results
    }

    /// Claims, sends and records one reminder; nil when another runner claimed it first.
    private func claimAndSend(_ reminder: ReminderModel, now: Date, on database: any Database) async throws -> ReminderRunResult? {
        let token = UUID().uuidString
        let seconds = now.timeIntervalSince1970
        try await ReminderModel.query(on: database)
            .filter(\.$id == reminder.requireID())
            .filter(\.$status == ReminderStatus.pending.rawValue)
            .filter(\.$attempts == reminder.attempts)
            .set(\.$status, to: ReminderStatus.sending.rawValue)
            .set(\.$claimToken, to: token)
            .set(\.$claimedAt, to: seconds)
            .update()
        guard let claimed = try await ReminderModel.find(reminder.requireID(), on: database),
              claimed.claimToken == token, claimed.status == ReminderStatus.sending.rawValue else { return nil }

        let channel = ReminderChannel(rawValue: reminder.channel) ?? .printedList
        guard channel.isElectronic else {
            let note = channel == .phoneCall ? "on the facilitator's phone-call list" : "on the printed reminder list"
            try await finish(reminder, token: token, status: .listed, note: note, providerReference: nil, attempts: reminder.attempts, now: now, on: database)
            return result(reminder, .listed, now, note)
        }
        let outgoing = OutgoingReminder(reference: reminder.key, channel: channel, address: reminder.address, message: reminder.message)
        do {
            let receipt = try await sender.send(outgoing)
            try await finish(reminder, token: token, status: .sent, note: receipt.note, providerReference: receipt.providerReference,
                             attempts: reminder.attempts + 1, now: now, on: database)
            return result(reminder, .sent, now, receipt.note)
        } catch {
            let failure = error as? DeliveryFailure ?? DeliveryFailure(String(describing: error), retryable: true)
            let attempts = reminder.attempts + 1
            if failure.retryable, let delay = retry.delay(afterAttempt: attempts) {
                let note = "attempt \(attempts) failed: \(failure.description); next try at \(clock.stamp(now.addingTimeInterval(delay)))"
                try await ReminderModel.query(on: database)
                    .filter(\.$id == reminder.requireID()).filter(\.$claimToken == token)
                    .set(\.$status, to: ReminderStatus.pending.rawValue)
                    .set(\.$attempts, to: attempts)
                    .set(\.$nextAttemptAt, to: seconds + delay)
                    .set(\.$note, to: note)
                    .update()
                return result(reminder, .retrying, now, note)
            }
            let note = "gave up after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(failure.description)"
            try await finish(reminder, token: token, status: .failed, note: note, providerReference: nil, attempts: attempts, now: now, on: database)
            return result(reminder, .failed, now, note)
        }
    }

    private func finish(_ reminder: ReminderModel, token: String, status: ReminderStatus, note: String?, providerReference: String?,
                        attempts: Int, now: Date, on database: any Database) async throws {
        try await ReminderModel.query(on: database)
            .filter(\.$id == reminder.requireID()).filter(\.$claimToken == token)
            .set(\.$status, to: status.rawValue)
            .set(\.$attempts, to: attempts)
            .set(\.$finishedAt, to: now.timeIntervalSince1970)
            .set(\.$providerReference, to: providerReference)
            .set(\.$note, to: note)
            .update()
    }

    /// Skips a reminder nobody has claimed; false when another runner got to it first.
    private func finishUnclaimed(_ reminder: ReminderModel, as status: ReminderStatus, note: String, now: Date,
                                 on database: any Database) async throws -> Bool {
        let token = UUID().uuidString
        try await ReminderModel.query(on: database)
            .filter(\.$id == reminder.requireID())
            .filter(\.$status == ReminderStatus.pending.rawValue)
            .filter(\.$attempts == reminder.attempts)
            .set(\.$status, to: status.rawValue)
            .set(\.$claimToken, to: token)
            .set(\.$finishedAt, to: now.timeIntervalSince1970)
            .set(\.$note, to: note)
            .update()
        return try await ReminderModel.find(reminder.requireID(), on: database)?.claimToken == token
    }

    private func abandonStaleClaims(now: Date, on database: any Database) async throws {
        try await ReminderModel.query(on: database)
            .filter(\.$status == ReminderStatus.sending.rawValue)
            .filter(\.$claimedAt < now.timeIntervalSince1970 - leaseSeconds)
            .set(\.$status, to: ReminderStatus.unconfirmed.rawValue)
            .set(\.$note, to: "a runner stopped while sending this; check with her before sending again")
            .update()
    }

    private func result(_ reminder: ReminderModel, _ outcome: ReminderRunResult.Outcome, _ now: Date, _ note: String?) -> ReminderRunResult {
        ReminderRunResult(dyad: reminder.dyad.code, session: reminder.session.code,
                          channel: ReminderChannel(rawValue: reminder.channel) ?? .printedList, time: now, outcome: outcome, note: note)
    }
}
