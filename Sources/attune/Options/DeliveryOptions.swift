import ArgumentParser
import AttuneCore
import AttuneDelivery
import Foundation

/// How reminders leave Attune, for `reminders run` and `serve`: the outbox alone, or an
/// SMS/email gateway shaped like GOV.UK Notify. The key comes from the environment, never the
/// command line.
struct DeliveryOptions: ParsableArguments {
    @Option(help: "Base URL of the SMS/email gateway.") var gatewayUrl: String?
    @Option(help: "The gateway's SMS template id (one ((message)) placeholder).") var smsTemplate: String?
    @Option(help: "The gateway's email template id (one ((message)) placeholder).") var emailTemplate: String?
    @Option(help: "Seconds to wait for the gateway's answer to one reminder before retrying it later (\(Self.gatewayTimeouts.lowerBound)-\(Self.gatewayTimeouts.upperBound)).")
    var gatewayTimeout: Int64 = 20

    /// A slow gateway gets up to ten minutes; a reminder left waiting longer is retried later.
    static let gatewayTimeouts: ClosedRange<Int64> = 1...600

    func checkGatewayTimeout() throws {
        guard Self.gatewayTimeouts.contains(gatewayTimeout) else {
            throw ReachInputError("reminders", field: "--gateway-timeout",
                                  "\(gatewayTimeout) is outside \(Self.gatewayTimeouts.lowerBound)-\(Self.gatewayTimeouts.upperBound) seconds")
        }
    }

    /// The outbox without a gateway URL (option or $ATTUNE_NOTIFY_URL); else the gateway.
    func sender() throws -> any ReminderSender {
        try checkGatewayTimeout()
        let environment = ProcessInfo.processInfo.environment
        guard let url = gatewayUrl ?? environment["ATTUNE_NOTIFY_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else { return OutboxOnlySender() }
        guard let key = environment["ATTUNE_NOTIFY_API_KEY"], !key.isEmpty else {
            throw DeliverySettingsError("a gateway URL is set but $ATTUNE_NOTIFY_API_KEY is not; set the key in the environment")
        }
        let sms = smsTemplate ?? environment["ATTUNE_NOTIFY_SMS_TEMPLATE"] ?? ""
        let email = emailTemplate ?? environment["ATTUNE_NOTIFY_EMAIL_TEMPLATE"] ?? ""
        guard !sms.isEmpty, !email.isEmpty else {
            throw DeliverySettingsError("give the gateway's template ids with --sms-template and --email-template (or $ATTUNE_NOTIFY_SMS_TEMPLATE and $ATTUNE_NOTIFY_EMAIL_TEMPLATE)")
        }
        return NotifySender(settings: try NotifySettings(baseURL: url, apiKey: key, smsTemplateID: sms, emailTemplateID: email),
                            timeoutSeconds: gatewayTimeout)
    }
}
