import AttuneCore
import AttuneStore
import FluentKit
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import AttuneWeb

/// Text that people type or import (names, notes, reasons, actions) must stay text on every
/// page: inside elements and inside attribute values. The same pages are crawled twice, on two
/// fresh apps, once with a harmless marker in every text field and once with markup built to
/// break out of text, attributes and textareas; the pages' elements and attribute names must
/// not change.
@Suite("Hostile text in every field renders as text")
struct HostileTextTests {
    /// Each aims at one way out: a double-quoted attribute, a single-quoted one, a textarea, an
    /// attribute list, and plain text.
    static let payloads = [
        #""><img src=x onerror=alert(1)>"#,
        #"'><meta http-equiv=refresh content=0>"#,
        "</textarea><script>x()</script>",
        #"" autofocus onfocus="x()"#,
        "<svg onload=x()>",
    ]

    /// The text planted in field `number`: every payload at once, so that whichever context the
    /// field is shown in, one of them is aimed at it.
    static func hostile(_ number: Int) -> String { payloads.joined(separator: " ") + " field-\(number)" }
    static func benign(_ number: Int) -> String { "benign-text-\(number)-end" }

    /// Every free-text or name column a page can show. `whereSet` leaves empty optional values
    /// empty, so that the data means what it meant (an absence reason only on an absence).
    static let plantedColumns: [(table: String, column: String, whereSet: Bool)] = [
        ("centres", "name", false),
        ("programmes", "name", false),
        ("programmes", "venue", false),
        ("facilitators", "name", false),
        ("dyads", "mother_name", false),
        ("dyads", "infant_name", false),
        ("dyads", "phone", true),
        ("dyads", "email", true),
        ("attendance", "absence_reason", true),
        ("invitations", "invited_by_practitioner", true),
        ("invitations", "closed_reason", true),
        ("measurements", "administered_by", false),
        ("safeguarding_alerts", "reason", false),
        ("safeguarding_alerts", "raised_by", false),
        ("safeguarding_alerts", "closed_by", true),
        ("safeguarding_alerts", "action_taken", true),
        ("mechanism_overrides", "rationale", false),
        ("mechanism_overrides", "observer", false),
        ("reminders", "note", true),
        ("follow_up_actions", "action", false),
        ("follow_up_actions", "recorded_by", false),
        ("sessions", "notes", true),
        ("users", "display_name", false),
    ]

    /// Planted, but shown on no page today (a programme's venue); planted all the same, so that
    /// a page that starts to show them is covered.
    static let notShown: Set = ["programmes.venue"]

    static let roles = ["demo-admin", "demo-manager-a", "demo-facilitator-a", "demo-facilitator-b", "demo-evaluator"]

    /// One page as the crawl saw it: its address (evaluators' pseudonyms and users' ids blanked, since each app
    /// has its own site secret), status, every tag and the body.
    struct Page {
        let key: String
        let status: UInt
        let tags: [String]
        let body: String
    }

    @Test("names, notes, reasons and actions holding markup add no element or attribute to any page, for any role")
    func hostileTextAddsNoMarkup() async throws {
        let benignPages = try await crawl(text: Self.benign)
        let hostilePages = try await crawl(text: Self.hostile)

        // Every planted field is shown somewhere, so the comparison below covers it.
        let benignText = benignPages.map(\.body).joined()
        let unshown = Self.plantedColumns.enumerated()
            .filter { number, field in !Self.notShown.contains("\(field.table).\(field.column)") && !benignText.contains(Self.benign(number)) }
            .map { "\($0.element.table).\($0.element.column)" }
        #expect(unshown.isEmpty, "fields shown on no page")
        let notShownBack = Self.reflectedFields.filter { !benignText.contains(Self.benign($0)) }
        #expect(notShownBack.isEmpty, "refused form fields not shown back")

        #expect(benignPages.count == hostilePages.count, "the crawls reached different numbers of pages")
        let benignByKey = Dictionary(grouping: benignPages, by: \.key)
        let hostileByKey = Dictionary(grouping: hostilePages, by: \.key)
        #expect(Set(benignByKey.keys) == Set(hostileByKey.keys), "the crawls reached different pages")
        for (key, benign) in benignByKey.sorted(by: { $0.key < $1.key }) {
            guard let hostile = hostileByKey[key] else { continue }
            // Pages under one key (evaluators' pseudonymised dyads) are compared as a multiset.
            let expected = benign.map { "\($0.status) " + $0.tags.joined(separator: "|") }.sorted()
            let found = hostile.map { "\($0.status) " + $0.tags.joined(separator: "|") }.sorted()
            if expected != found {
                let difference = Self.firstDifference(benign.map(\.tags), hostile.map(\.tags))
                Issue.record("\(key): the hostile text changed the page's markup: \(difference)")
            }
        }

        // An unquoted attribute value would be unsafe even escaped: a space in it starts another attribute.
        for page in benignPages {
            let unquoted = page.tags.filter { $0.contains(Self.unquoted) }
            #expect(unquoted.isEmpty, "\(page.key) has unquoted attribute values")
        }

        var sawEscapedPayload = false
        for page in hostilePages {
            let lowered = page.body.lowercased()
            #expect(!lowered.contains("<img"), "\(page.key) has an <img>")
            #expect(!lowered.contains("<meta http-equiv"), "\(page.key) has a <meta http-equiv>")
            #expect(!lowered.contains("<script"), "\(page.key) has a <script>")
            let planted = page.tags.filter { tag in
                tag.split(separator: " ").dropFirst().contains { ["onerror", "onload", "onfocus", "autofocus"].contains($0) }
            }
            #expect(planted.isEmpty, "\(page.key) has handlers planted in its tags")
            if page.body.contains("&lt;img src=x onerror=alert(1)&gt;") { sawEscapedPayload = true }
        }
        #expect(sawEscapedPayload, "the hostile text was shown, escaped, on some page")
    }

    /// The fields whose typed value a page shows back (a refused form, the sign-in page).
    static let reflectedFields = [100, 101, 102, 103, 104]

    /// Builds the demo on each engine, plants `text(n)` in every field, and reads every page as
    /// every role.
    func crawl(text: @escaping @Sendable (Int) -> String) async throws -> [Page] {
        var pages: [Page] = []
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            let engine = (app.db as! any SQLDatabase).dialect.name
            try await plant(text, in: app)

            // Forms refused with what was typed in them, shown back beside the problem.
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let refused = [
                try await facilitator.post("/programmes/A-NOW/sessions/2", PagesTests.sessionForm([
                    "room_temperature_celsius": "warm", "notes": text(100), "reason-A-NOW-D3": text(101)])),
                try await facilitator.post("/dyads/A-NOW-D6/follow-ups", ["programme": "", "action": text(102)]),
                try await facilitator.post("/dyads/A-NOW-D4/measures", ["form": "other", "instrument": "psi_sf", "timepoint": "before",
                                                                      "date": CalendarDate.today(at: Date()).description, "values": text(103)]),
                try await facilitator.post("/alerts/A-NOW-D2-epds-before-self_harm/close", ["action": ""]),
            ]
            for (index, response) in refused.enumerated() {
                pages.append(Self.page("\(engine) refused form \(index)", response))
            }
            var signedOut = WebSession(app: app)
            _ = try await signedOut.get("/login")
            pages.append(Self.page("\(engine) sign-in refused", try await signedOut.post("/login", ["username": text(104), "password": "wrong"])))
            pages.append(Self.page("\(engine) signed out /login", try await signedOut.get("/login")))
            pages.append(Self.page("\(engine) signed out /no-such-page", try await signedOut.get("/no-such-page")))

            let sql = app.db as! any SQLDatabase
            let programmes = try await sql.raw("SELECT code, planned_sessions FROM programmes").all()
                .map { (try $0.decode(column: "code", as: String.self), try $0.decode(column: "planned_sessions", as: Int.self)) }
            let dyads = try await sql.raw("SELECT code FROM dyads").all().map { try $0.decode(column: "code", as: String.self) }
            var seeds = ["/", "/programmes", "/evaluation", "/login", "/no-such-page", "/dyads/no-such-dyad"]
            for (code, planned) in programmes {
                seeds.append(SiteRoute.programme(code).path)
                for number in 1...max(planned, 1) { seeds.append(SiteRoute.sessionLog(programme: code, number: String(number)).path) }
            }
            seeds += dyads.map { SiteRoute.dyad($0).path }

            for role in Self.roles {
                var web = try await WebSession.signIn(app, as: role)
                // The seeds, then every link the pages lead to (evaluators' dyads by pseudonym).
                var queue = seeds
                var seen = Set(queue)
                while !queue.isEmpty {
                    let path = queue.removeFirst()
                    let response = try await web.get(path)
                    pages.append(Self.page("\(engine) \(role) \(path)", response))
                    for link in Self.links(in: response.body.string) where !seen.contains(link) {
                        seen.insert(link)
                        queue.append(link)
                    }
                }
            }
        }
        return pages
    }

    /// Writes `text(n)` into column n of `plantedColumns`, after making through the pages the
    /// records the demo lacks: a logged session, a follow-up, an open and a closed alert.
    func plant(_ text: (Int) -> String, in app: Application) async throws {
        var web = try await WebSession.signIn(app, as: "demo-facilitator-a")
        let today = CalendarDate.today(at: Date()).description
        #expect(try await web.post("/programmes/A-NOW/sessions/1", PagesTests.sessionForm(["notes": "planted"])).status == .seeOther)
        #expect(try await web.post("/dyads/A-NOW-D6/follow-ups", ["programme": "A-NOW", "action": "planted"]).status == .seeOther)
        for timepoint in ["before", "after"] {
            let saved = try await web.post("/dyads/A-NOW-D1/measures", PagesTests.epds([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], date: today, timepoint: timepoint))
            #expect(saved.status == .seeOther, "\(saved.status) \(saved.body.string.matches(of: /field-error[^>]*>([^<]*)/).map(\.1))")
        }
        let closed = try await web.post("/alerts/A-NOW-D1-epds-before-self_harm/close", ["action": "planted action"])
        #expect(closed.status == .seeOther, "\(closed.status)")

        let programme = try #require(try await ProgrammeModel.query(on: app.db).filter(\.$code == "A-NOW").first())
        let override = MechanismOverrideModel()
        override.$programme.id = try programme.requireID()
        override.mechanism = "M8"
        override.rating = "yes"
        override.rationale = "planted"
        override.observer = "planted"
        try await override.save(on: app.db)

        // A reminder that failed, which the dashboard and her page list with its note.
        let session = try #require(try await SessionModel.query(on: app.db).filter(\.$programme.$id == programme.requireID()).first())
        let dyad = try #require(try await DyadModel.query(on: app.db).filter(\.$code == "A-NOW-D1").first())
        let reminder = ReminderModel()
        reminder.key = "planted"
        reminder.$programme.id = try programme.requireID()
        reminder.$session.id = try session.requireID()
        reminder.$dyad.id = try dyad.requireID()
        reminder.daysBefore = 1
        reminder.channel = "sms"
        reminder.address = "planted"
        reminder.message = "planted"
        reminder.dueAt = Date().timeIntervalSince1970 + 3600
        reminder.sessionStartsAt = Date().timeIntervalSince1970 + 86400
        reminder.status = "failed"
        reminder.attempts = 1
        reminder.note = "planted"
        try await reminder.save(on: app.db)

        let sql = app.db as! any SQLDatabase
        for (number, field) in Self.plantedColumns.enumerated() {
            let condition: SQLQueryString = field.whereSet ? " WHERE \(unsafeRaw: field.column) IS NOT NULL" : ""
            try await sql.raw("UPDATE \(unsafeRaw: field.table) SET \(unsafeRaw: field.column) = \(bind: text(number))" + condition).run()
        }
    }

    static func page(_ key: String, _ response: TestingHTTPResponse) -> Page {
        let body = response.body.string
        // Evaluators know dyads by a keyed hash, which differs between the two apps.
        // Users' row ids (the administrator's users pages) differ from app to app too.
        let stableKey = key.replacing(/p-[0-9a-f]{16}/, with: "p-*").replacing(/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/, with: "*")
        // A download that is not HTML (her record as JSON) holds the text as it was typed: it is
        // safe because no browser reads it as a page, which its headers must say.
        if let type = response.headers.contentType, type != .html && !(type.type == "text" && type.subType == "html") {
            #expect(type == .json, "\(key) is \(type), neither HTML nor JSON")
            #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(key) may be sniffed as HTML")
            #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true, "\(key) is not a download")
            return Page(key: stableKey, status: response.status.code, tags: ["(download)"], body: "")
        }
        return Page(key: stableKey, status: response.status.code, tags: tags(in: body), body: body)
    }

    /// Same-site links to pages, without their fragment; never signing out or the stylesheet.
    static func links(in html: String) -> [String] {
        html.matches(of: /href="(\/[^"#]*)/).map { String($0.1) }
            .filter { !$0.hasPrefix("//") && !$0.hasPrefix("/assets/") && $0 != "/logout" }
    }

    /// Marks an attribute whose value has no quotes around it.
    static let unquoted = "(unquoted)"

    /// Every tag of a page, in order, as its name and its attributes' names, sorted
    /// ("a href", "/a", "!"), `unquoted` after a name whose value is bare; the text between
    /// tags is left out. A tag starts as a
    /// browser's does: "<" then a letter, "/" and a letter, or "!".
    static func tags(in html: String) -> [String] {
        let bytes = Array(html.utf8)
        var tags: [String] = []
        var index = 0
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        func isSpace(_ byte: UInt8) -> Bool { [0x20, 0x09, 0x0A, 0x0C, 0x0D].contains(byte) }
        func word(_ stops: (UInt8) -> Bool) -> String {
            let start = index
            while index < bytes.count, !stops(bytes[index]) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count else { index += 1; continue }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") {
                // A doctype or comment: one token up to its ">".
                tags.append("!")
                while index < bytes.count, bytes[index] != UInt8(ascii: ">") { index += 1 }
                continue
            }
            let closing = next == UInt8(ascii: "/")
            guard isLetter(closing ? (index + 2 < bytes.count ? bytes[index + 2] : 0) : next) else { index += 1; continue }
            index += closing ? 2 : 1
            let name = word { isSpace($0) || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "/") }
            var attributes: [String] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                if isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1; continue }
                let attribute = word { isSpace($0) || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "/") }
                if attribute.isEmpty { index += 1; continue }
                attributes.append(attribute)
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
                index += 1
                while index < bytes.count, isSpace(bytes[index]) { index += 1 }
                guard index < bytes.count else { break }
                let quote = bytes[index]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    index += 1
                    while index < bytes.count, bytes[index] != quote { index += 1 }
                    index += 1
                } else {
                    _ = word { isSpace($0) || $0 == UInt8(ascii: ">") }
                    attributes[attributes.count - 1] += unquoted
                }
            }
            tags.append(([(closing ? "/" : "") + name] + attributes.sorted()).joined(separator: " "))
        }
        return tags
    }

    static func firstDifference(_ benign: [[String]], _ hostile: [[String]]) -> String {
        for (expected, found) in zip(benign, hostile) where expected != found {
            let position = Array(zip(expected, found)).firstIndex { $0.0 != $0.1 } ?? min(expected.count, found.count)
            let window = position..<min(position + 4, max(expected.count, found.count))
            let show = { (tags: [String]) in window.filter { $0 < tags.count }.map { "<\(tags[$0])>" }.joined() }
            return "tag \(position): expected \(show(expected)), found \(show(found))"
        }
        return "\(benign.count) pages against \(hostile.count)"
    }
}
