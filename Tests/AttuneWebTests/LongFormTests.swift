import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb
#if canImport(Glibc)
import Glibc
#endif

/// Long forms through a real HTTP server and a real socket, the body written in small pieces
/// with pauses between, so that it reaches the server in many reads as a browser's does on a
/// network. Forms over about 1.8 KB used to be refused as "expired": the CSRF check read a body
/// the server had not yet collected. The token is sent last, where it arrives in the last piece.
@Suite("Long forms: any length up to the stated limit is accepted; over it, a clear answer")
struct LongFormTests {
    @Test("follow-ups of 1, 2, 8 and 64 KB sent in pieces: saved up to 10,000 characters, 422 beside the field over it, never 'expired'")
    func followUpsOfEveryLength() async throws {
        try await withRunningAttune { app, port, web in
            for kilobytes in [1, 2, 8, 64] {
                let action = "Rang her about the bus fare; " + String(repeating: "x", count: kilobytes * 1024)
                let body = form(["programme": "A-NOW", "action": action], csrf: web.csrf)
                let answer = try await RawHTTP.post(port: port, path: "/dyads/A-NOW-D1/follow-ups", body: body, cookie: web.cookie)
                #expect(!answer.body.contains(CSRFMiddleware.expired), "\(kilobytes) KB: refused as expired")
                if action.count <= FreeText.maximumCharacters {
                    #expect(answer.status == 303, "\(kilobytes) KB: \(answer.status)")
                    let stored = try await ReachStore.followUps(dyad: "A-NOW-D1", on: app.db).map(\.action)
                    #expect(stored.contains(action), "\(kilobytes) KB: not stored whole")
                } else {
                    #expect(answer.status == 422, "\(kilobytes) KB: \(answer.status)")
                    // Beside the field, with the limit, and the text typed is still in the box.
                    #expect(answer.body.contains("id=\"field-follow-action-error\""))
                    #expect(answer.body.contains("at most 10,000"))
                    #expect(answer.body.contains(String(repeating: "x", count: 1000)))
                }
            }
        }
    }

    @Test("a session log with 5,000 characters of notes sent in pieces is saved")
    func sessionLogWithLongNotes() async throws {
        try await withRunningAttune { app, port, web in
            let notes = String(String(repeating: "Mothers practised the leg strokes and sang. ", count: 114).prefix(4999)) + "."
            #expect(notes.count == 5000)
            // What the form holds when a facilitator fills it in: today's date, who was there, who led.
            var reader = web
            let page = try await reader.get("/programmes/A-NOW/sessions/1").body.string
            let lead = try #require(page.firstMatch(of: /name="present-([^"]+)"/).map { String($0.1) })
            let body = form(["notes": notes, "attendance-A-NOW-D1": "present", "date": CalendarDate.today(at: Date()).description,
                             "present-\(lead)": "on", "lead_facilitator_id": lead], csrf: web.csrf)
            let answer = try await RawHTTP.post(port: port, path: "/programmes/A-NOW/sessions/1", body: body, cookie: web.cookie)
            let problems = answer.body.matches(of: /class="field-error"[^>]*>([^<]*)</).map { String($0.1) }
            #expect(answer.status == 303, "\(answer.status): \(problems)")
            let document = try await EvidenceStore.load(programmes: ["A-NOW"], on: app.db)
            let stored = document.sessions.first { $0.number == 1 }?.notes
            #expect(stored?.count == 5000 && stored == notes, "notes stored: \(stored?.count ?? 0) characters")
        }
    }

    @Test("a body over the 1 MB limit gets 413 with what to do, not 'expired'; a NUL in a value gets 422 naming the field")
    func overTheLimitAndNUL() async throws {
        try await withRunningAttune { app, port, web in
            let huge = form(["programme": "A-NOW", "action": String(repeating: "y", count: FormBody.limitBytes + 10)], csrf: web.csrf)
            let tooLarge = try await RawHTTP.post(port: port, path: "/dyads/A-NOW-D1/follow-ups", body: huge, cookie: web.cookie)
            #expect(tooLarge.status == 413)
            #expect(tooLarge.body.contains("larger than Attune accepts"))
            #expect(!tooLarge.body.contains(CSRFMiddleware.expired))

            let before = try await ReachStore.followUps(dyad: "A-NOW-D1", on: app.db).count
            let withNUL = form(["programme": "A-NOW", "action": "Rang her\u{0}and left a message"], csrf: web.csrf)
            let refused = try await RawHTTP.post(port: port, path: "/dyads/A-NOW-D1/follow-ups", body: withNUL, cookie: web.cookie)
            #expect(refused.status == 422)
            #expect(refused.body.contains("&quot;action&quot; contains a NUL character"))
            #expect(try await ReachStore.followUps(dyad: "A-NOW-D1", on: app.db).count == before, "nothing saved")

            // The same through JSON, which the controllers' decoding accepts as well.
            let jsonAnswer = try await app.testing().sendRequest(.POST, "/dyads/A-NOW-D1/follow-ups", headers: [
                "Cookie": "attune_session=\(web.cookie ?? "")", "Content-Type": "application/json", "X-CSRF-Token": web.csrf,
            ], body: ByteBuffer(string: #"{"programme": "A-NOW", "action": "Rang her\u0000and left a message"}"#))
            #expect(jsonAnswer.status == .unprocessableEntity)
            #expect(try await ReachStore.followUps(dyad: "A-NOW-D1", on: app.db).count == before, "nothing saved")
        }
    }

    /// The demo with its programme running now, served on a real port, and a facilitator of
    /// centre A signed in (her session cookie and CSRF token).
    private func withRunningAttune(_ test: (Application, Int, WebSession) async throws -> Void) async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            let web = try await WebSession.signIn(app, as: "demo-facilitator-a")
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            do {
                try await test(app, port, web)
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
    }

    private func form(_ fields: [String: String], csrf: String) -> String {
        (fields.sorted { $0.key < $1.key }.map { "\(WebSession.encode($0.key))=\(WebSession.encode($0.value))" } + ["_csrf=\(csrf)"])
            .joined(separator: "&")
    }
}

/// A minimal HTTP/1.1 client on a blocking socket that writes the body in 700-byte pieces with a
/// pause after each, the way a slow network delivers a long form.
enum RawHTTP {
    struct Answer {
        let status: Int
        let body: String
    }

    /// On a thread of its own: the socket blocks, and a blocked thread of Swift's cooperative
    /// pool (one per core) would starve the server's own async handlers.
    static func post(port: Int, path: String, body: String, cookie: String?) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try postBlocking(port: port, path: path, body: body, cookie: cookie) })
            }
        }
    }

    private static func postBlocking(port: Int, path: String, body: String, cookie: String?) throws -> Answer {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawHTTPError("socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw RawHTTPError("connect() to port \(port) failed") }
        let payload = Array(body.utf8)
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: \(payload.count)\r\n" + (cookie.map { "Cookie: attune_session=\($0)\r\n" } ?? "") + "Connection: close\r\n\r\n"
        try write(Array(head.utf8), to: descriptor)
        var offset = 0
        while offset < payload.count {
            let end = min(offset + 700, payload.count)
            // A server may answer (413) and close before the whole body is sent: stop writing then.
            guard (try? write(Array(payload[offset..<end]), to: descriptor)) != nil else { break }
            offset = end
            // Pauses on the first pieces only: the point is many reads, not a slow test.
            if offset < 16 * 1024 { usleep(2_000) }
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let statusLine = text.split(separator: "\r\n").first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw RawHTTPError("no HTTP answer: \(text.prefix(200))")
        }
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return Answer(status: status, body: body)
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw RawHTTPError("send() failed") }
            sent += count
        }
    }
}

struct RawHTTPError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
