import AttuneDelivery
import Foundation
import Vapor

/// A stand-in for GOV.UK Notify on 127.0.0.1: checks each request's bearer token and body as
/// Notify would, records it, and can be told to hang on the Nth request (to kill a runner
/// mid-send) or to answer with an error status.
final class FakeNotifyGateway: Sendable {
    static let serviceID = "26785a09-ab16-4eb0-8407-a37497a57506"
    static let secret = "3d844edf-8d35-48ac-975b-e847b4f122b0"
    static let apiKey = "attune_test-\(serviceID)-\(secret)"

    struct Received: Sendable {
        let path: String
        let reference: String
        let recipient: String
        let templateID: String
        let message: String
    }

    actor State {
        var received: [Received] = []
        var hangOnRequest: Int?
        var failures: [HTTPResponseStatus] = []
        var held: [CheckedContinuation<Void, Never>] = []

        func arrive(_ request: Received) -> (hang: Bool, fail: HTTPResponseStatus?) {
            received.append(request)
            if received.count == hangOnRequest { return (true, nil) }
            return (false, failures.isEmpty ? nil : failures.removeFirst())
        }
        func hold(_ continuation: CheckedContinuation<Void, Never>) { held.append(continuation) }
        func releaseAll() { held.forEach { $0.resume() }; held = [] }
        func set(hangOn: Int?, failures: [HTTPResponseStatus]) { hangOnRequest = hangOn; self.failures = failures }
    }

    let state = State()
    let app: Application
    let port: Int

    var url: String { "http://127.0.0.1:\(port)" }

    init() async throws {
        // Its own arguments, so that Vapor does not read the test runner's command line.
        app = try await Application.make(Environment(name: "testing", arguments: ["gateway"]))
        app.logger.logLevel = .error
        port = LoopbackPort.free()
        let state = self.state
        for channel in ["sms", "email"] {
            app.post("v2", "notifications", PathComponent(stringLiteral: channel)) { request async throws -> Response in
                guard let bearer = request.headers.bearerAuthorization?.token,
                      NotifyToken.verify(bearer, secret: Self.secret, now: Date()) == Self.serviceID else {
                    return Response(status: .forbidden, body: .init(string: #"{"errors":[{"error":"AuthError"}]}"#))
                }
                let body = try request.content.decode([String: AnyDecodable].self)
                let recipient = channel == "sms" ? body["phone_number"]?.string : body["email_address"]?.string
                let arrival = await state.arrive(Received(
                    path: request.url.path, reference: body["reference"]?.string ?? "", recipient: recipient ?? "",
                    templateID: body["template_id"]?.string ?? "", message: body["personalisation"]?.message ?? ""))
                if arrival.hang { await withCheckedContinuation { continuation in Task { await state.hold(continuation) } } }
                if let status = arrival.fail { return Response(status: status, body: .init(string: #"{"errors":[{"error":"Down"}]}"#)) }
                return Response(status: .created, body: .init(string: #"{"id":"\#(UUID().uuidString.lowercased())"}"#))
            }
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
    }

    func stop() async throws {
        await state.releaseAll()
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}

/// Just enough JSON for the gateway's checks.
struct AnyDecodable: Decodable, Sendable {
    let string: String?
    let message: String?

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        string = try? single.decode(String.self)
        message = (try? single.decode([String: String].self))?["message"]
    }
}
