import AsyncHTTPClient
import AttuneCore
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Settings of a GOV.UK Notify-shaped gateway: base URL, API key and the two templates (each
/// with one ((message)) placeholder that carries the whole reminder).
public struct NotifySettings: Sendable {
    public let baseURL: String
    public let serviceID: String
    public let secret: String
    public let smsTemplateID: String
    public let emailTemplateID: String

    /// Notify keys read "{name}-{service id}-{secret}", the two ids being 36-character UUIDs.
    public init(baseURL: String, apiKey: String, smsTemplateID: String, emailTemplateID: String) throws(DeliverySettingsError) {
        guard let url = URL(string: baseURL), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw DeliverySettingsError("gateway URL '\(baseURL)' is not an http(s) address")
        }
        let key = Array(apiKey)
        guard key.count >= 75, key[key.count - 37] == "-", key[key.count - 74] == "-" else {
            throw DeliverySettingsError("the gateway API key is not in Notify's form {name}-{service id}-{secret}")
        }
        let serviceID = String(key[(key.count - 73)..<(key.count - 37)])
        let secret = String(key[(key.count - 36)...])
        guard UUID(uuidString: serviceID) != nil, UUID(uuidString: secret) != nil else {
            throw DeliverySettingsError("the gateway API key is not in Notify's form {name}-{service id}-{secret}")
        }
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.serviceID = serviceID
        self.secret = secret
        self.smsTemplateID = smsTemplateID
        self.emailTemplateID = emailTemplateID
    }
}

public struct DeliverySettingsError: InputError {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Posts reminders to a GOV.UK Notify-shaped API: POST /v2/notifications/sms or /email, with a
/// bearer JWT (HS256, iss = service id, iat = now) and the reminder key as `reference`.
/// 4xx answers other than 429 are not retried (the request itself is wrong); 429, 5xx and
/// network errors are.
public struct NotifySender: ReminderSender {
    public let name = "notify"
    public let settings: NotifySettings
    let client: HTTPClient
    let timeout: TimeAmount

    public init(settings: NotifySettings, client: HTTPClient = .shared, timeoutSeconds: Int64 = 20) {
        self.settings = settings
        self.client = client
        timeout = .seconds(timeoutSeconds)
    }

    public func send(_ reminder: OutgoingReminder) async throws -> DeliveryReceipt {
        let path: String
        var body: [String: Any] = ["personalisation": ["message": reminder.message], "reference": reminder.reference]
        switch reminder.channel {
        case .sms:
            path = "/v2/notifications/sms"
            body["phone_number"] = reminder.address
            body["template_id"] = settings.smsTemplateID
        case .email:
            path = "/v2/notifications/email"
            body["email_address"] = reminder.address
            body["template_id"] = settings.emailTemplateID
        case .phoneCall, .printedList:
            throw DeliveryFailure("\(reminder.channel.label) reminders are lists for people, not for a gateway", retryable: false)
        }
        var request = HTTPClientRequest(url: settings.baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(NotifyToken.make(serviceID: settings.serviceID, secret: settings.secret, issuedAt: Date()))")
        request.headers.add(name: "User-Agent", value: "attune-reminders")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])))

        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw DeliveryFailure("the gateway could not be reached (\(error))", retryable: true)
        }
        let data = try await response.body.collect(upTo: 1 << 20)
        let text = String(buffer: data)
        switch response.status.code {
        case 200..<300:
            let id = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["id"] as? String
            return DeliveryReceipt(providerReference: "notify:\(id ?? "?")", note: "accepted by the gateway")
        case 429, 500..<600:
            throw DeliveryFailure("the gateway answered \(response.status.code): \(text.prefix(300))", retryable: true)
        default:
            throw DeliveryFailure("the gateway refused it with \(response.status.code): \(text.prefix(300))", retryable: false)
        }
    }
}

/// The bearer token Notify expects: a JWT signed with HMAC-SHA256.
public enum NotifyToken {
    public static func make(serviceID: String, secret: String, issuedAt: Date) -> String {
        let header = base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let claims = base64URL(Data(#"{"iss":"\#(serviceID)","iat":\#(Int(issuedAt.timeIntervalSince1970))}"#.utf8))
        let signingInput = "\(header).\(claims)"
        let signature = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "\(signingInput).\(base64URL(Data(signature)))"
    }

    /// Checks a token as a gateway would: the signature, and an issue time within `leeway`.
    public static func verify(_ token: String, secret: String, now: Date, leeway: TimeInterval = 30) -> String? {
        let parts = token.split(separator: ".").map(String.init)
        guard parts.count == 3 else { return nil }
        let expected = HMAC<SHA256>.authenticationCode(for: Data("\(parts[0]).\(parts[1])".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        guard base64URL(Data(expected)) == parts[2], let claimsData = fromBase64URL(parts[1]),
              let claims = try? JSONSerialization.jsonObject(with: claimsData) as? [String: Any],
              let issuer = claims["iss"] as? String, let issued = claims["iat"] as? Int,
              abs(Double(issued) - now.timeIntervalSince1970) <= leeway else { return nil }
        return issuer
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func fromBase64URL(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
