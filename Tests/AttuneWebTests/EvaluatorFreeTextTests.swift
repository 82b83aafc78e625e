import AttuneCore
import AttuneStore
import FluentKit
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// Evaluators see no free text and no working dyad code, on any page (issue 23, item 4).
@Suite("Evaluators: no free text, keyed-hash pseudonyms")
struct EvaluatorFreeTextTests {
    static let marker = "MARKER-FREE-TEXT-"

    /// Puts a numbered marker into every field a person types into, through the pages where
    /// there is one and the stores otherwise.
    static func plantMarkers(_ app: Application) async throws -> [String] {
        var markers: [String] = []
        func next() -> String {
            markers.append("\(marker)\(markers.count + 1)")
            return markers.last!
        }
        let db = app.db
        let today = CalendarDate.today(at: Date())
        var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
        // Session notes and a reason for absence.
        let log = try await facilitator.post("/programmes/A-NOW/sessions/1", PagesTests.sessionForm([
            "notes": "Lovely group. \(next())", "reason-A-NOW-D3": "partner kept her home \(next())",
        ]))
        #expect(log.status == .seeOther)
        // A follow-up's action.
        #expect(try await facilitator.post("/dyads/A-NOW-D6/follow-ups", ["programme": "A-NOW", "action": "Rang her \(next())"]).status == .seeOther)
        // Who gave a measure (typed), and the action that closed the alert it raised.
        let measure = PagesTests.epds([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], date: today.description).merging(["by": "Nurse \(next())"]) { _, new in new }
        #expect(try await facilitator.post("/dyads/A-NOW-D1/measures", measure).status == .seeOther)
        let alert = try #require(try await AlertStore.all(openOnly: true, dyads: ["A-NOW-D1"], on: db).first)
        #expect(try await facilitator.post("/alerts/\(alert.id)/close", ["action": "Rang her GP the same day \(next())"]).status == .seeOther)
        // An invitation by a named practitioner, declined with a reason.
        _ = try await EnrolmentStore.invite(dyad: "A1-D01", programme: "A-NOW", mode: .inPerson, practitioner: "Health visitor \(next())",
                                            on: today, database: db)
        _ = try await EnrolmentStore.close(dyad: "A1-D01", programme: "A-NOW", as: .declined, reason: "no bus fare \(next())",
                                           on: today, database: db)
        // An observer's override with its rationale.
        let programme = try #require(try await ProgrammeModel.query(on: db).filter(\.$code == "A-NOW").first())
        let override = MechanismOverrideModel()
        override.$programme.id = try programme.requireID()
        override.mechanism = "M5"
        override.rating = Rating.yes.rawValue
        override.rationale = "Watched the whole session \(next())"
        override.observer = "Observer \(next())"
        override.date = today.description
        try await override.create(on: db)
        // The programme's venue and a facilitator's special interests.
        programme.venue = "Room 2, \(next())"
        try await programme.update(on: db)
        let staff = try #require(try await FacilitatorModel.query(on: db).first())
        staff.specialInterests = ["baby signing \(next())"]
        try await staff.update(on: db)
        // A reminder's note (the outbox is not for evaluators at all).
        try await TwoCentreMotherTests.plantReminder(programme: "A-NOW", dyad: "A-NOW-D2", note: "Gateway said \(next())", on: db)
        return markers
    }

    @Test("crawling every page as the evaluator finds no free text and no working dyad code")
    func crawlFindsNoFreeText() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            let markers = try await Self.plantMarkers(app)
            // Each marker is really shown to someone: the crawl below would otherwise prove nothing.
            var admin = try await WebSession.signIn(app, as: "demo-admin")
            var shownToStaff = ""
            for path in ["/programmes/A-NOW/sessions/1", "/dyads/A-NOW-D1", "/dyads/A-NOW-D2", "/dyads/A-NOW-D3", "/dyads/A-NOW-D6",
                         "/dyads/A1-D01", "/programmes/A-NOW", "/programmes"] {
                shownToStaff += try await admin.get(path).body.string
            }
            // (No page shows the venue or a facilitator's interests today, to anyone.)
            let shownSomewhere = markers.filter { !$0.hasSuffix("-10") && !$0.hasSuffix("-11") }
            for marker in shownSomewhere { #expect(shownToStaff.contains(marker), "\(marker) is not shown to staff") }

            let codes = try await EvidenceStore.load(includingMeasures: false, on: app.db).dyads.map(\.id)
            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            var queue = ["/", "/programmes", "/evaluation"], seen = Set<String>(), dyadPages = 0
            while let path = queue.first, seen.count < 400 {
                queue.removeFirst()
                guard seen.insert(path).inserted else { continue }
                let response = try await evaluator.get(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                let html = response.body.string
                #expect(!html.contains(Self.marker), "\(path) shows free text: \(Self.around(Self.marker, in: html))")
                for code in codes where html.contains(">\(code)<") || html.contains("/dyads/\(code)\"") || html.contains(" \(code) ") {
                    Issue.record("\(path) shows the working code \(code)")
                }
                if path.hasPrefix("/dyads/") { dyadPages += 1 }
                for match in html.matches(of: /href="(\/[^"#?]*)/) {
                    let link = String(match.1)
                    if !link.hasPrefix("/assets"), !link.hasPrefix("/logout"), !seen.contains(link) { queue.append(link) }
                }
            }
            #expect(seen.count > 20)
            #expect(dyadPages > 10, "the crawl reached her pages through their pseudonyms")
            // A working code typed into the address is no way round: as if she did not exist.
            #expect(try await evaluator.get("/dyads/A-NOW-D1").status == .notFound)
            let pseudonym = app.dyadPseudonyms.pseudonym(of: "A-NOW-D1")
            let page = try await evaluator.get("/dyads/\(pseudonym)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Mother \(pseudonym)"))
        }
    }

    @Test("the evaluator's document holds no free text: every string is a code, a name of a place or person at work, or 'withheld'")
    func documentHasNoFreeText() async throws {
        try await withAttune(demo: true, currentProgramme: true) { app async throws in
            _ = try await Self.plantMarkers(app)
            let stored = try await EvidenceStore.load(includingMeasures: true, on: app.db)
            let pseudonyms = DyadPseudonyms(secret: Array(repeating: 7, count: 32))
            let document = stored.pseudonymised(renaming: { pseudonyms.pseudonym(of: $0) })
            // Fields that are codes or names given to places, programmes and staff; any other
            // text field, present now or added later, must come out empty or withheld.
            let structural: Set<String> = ["format", "id", "dyadId", "programmeId", "sessionId", "centreId", "measurementId",
                                           "leadFacilitatorId", "invitedByFacilitatorId", "facilitatorsPresent", "name", "classification"]
            var seenFields = Set<String>()
            Self.walk(document, path: "document") { path, field, text in
                seenFields.insert(field)
                if structural.contains(field) { return }
                #expect(text == EvidenceDocument.withheld, "\(path) = \(text)")
            }
            for field in ["notes", "absenceReason", "closedReason", "invitedByPractitioner", "rationale", "observer", "administeredBy"] {
                #expect(seenFields.contains(field), "the walk saw no \(field): the fixture no longer exercises it")
            }
            #expect(!String(decoding: try JSONEncoder().encode(document), as: UTF8.self).contains(Self.marker))
            for dyad in stored.dyads { #expect(!document.dyads.contains { $0.id == dyad.id }, "\(dyad.id) kept its working code") }
            #expect(document.dyads.allSatisfy { $0.id.hasPrefix("p-") })
        }
    }

    @Test("pseudonyms are an HMAC of the code: stable under one secret, different under another, never the code")
    func keyedPseudonyms() throws {
        let one = DyadPseudonyms(secret: Array("first site secret, thirty-two bytes".utf8))
        let again = DyadPseudonyms(secret: Array("first site secret, thirty-two bytes".utf8))
        let other = DyadPseudonyms(secret: Array("second site secret, thirty-two bytes".utf8))
        let codes = (1...500).map { "A\($0 % 7)-D\($0)" }
        let names = codes.map { one.pseudonym(of: $0) }
        #expect(names == codes.map { again.pseudonym(of: $0) })
        #expect(Set(names).count == codes.count)
        for (code, name) in zip(codes, names) {
            #expect(name != other.pseudonym(of: code))
            #expect(!name.contains(code))
            #expect(name.wholeMatch(of: /p-[0-9a-f]{16}/) != nil, "\(name)")
        }
    }

    @Test("the site secret: from the environment, a file, or made beside an SQLite database (0600) and kept; PostgreSQL needs one")
    func siteSecret() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attune-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("attune.sqlite").path
        let made = try SiteSecret.load(environment: [:], file: nil, databaseFile: database)
        #expect(made.count >= SiteSecret.shortest)
        let attributes = try FileManager.default.attributesOfItem(atPath: database + ".site-secret")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try SiteSecret.load(environment: [:], file: nil, databaseFile: database) == made, "kept across starts")
        let fromEnvironment = try SiteSecret.load(environment: [SiteSecret.environmentVariable: String(repeating: "k", count: 40)],
                                                  file: nil, databaseFile: database)
        #expect(fromEnvironment == Array(String(repeating: "k", count: 40).utf8))
        #expect(throws: SiteSecret.Problem.self) {
            try SiteSecret.load(environment: [SiteSecret.environmentVariable: "short"], file: nil, databaseFile: database)
        }
        #expect(throws: SiteSecret.Problem.self) { try SiteSecret.load(environment: [:], file: nil, databaseFile: nil) }
        let file = folder.appendingPathComponent("secret").path
        try Data((String(repeating: "s", count: 32) + "\n").utf8).write(to: URL(fileURLWithPath: file))
        #expect(try SiteSecret.load(environment: [:], file: file, databaseFile: nil) == Array(String(repeating: "s", count: 32).utf8))
    }

    /// Calls `visit` with every text field (String, String?, [String]) reachable from `value`.
    static func walk(_ value: Any, path: String, visit: (String, String, String) -> Void) {
        for child in Mirror(reflecting: value).children {
            let label = child.label ?? ""
            let childPath = "\(path).\(label)"
            switch child.value {
            case let text as String: visit(childPath, label, text)
            case let text as String?: if let text { visit(childPath, label, text) }
            case let texts as [String]: for text in texts { visit(childPath, label, text) }
            default:
                let mirror = Mirror(reflecting: child.value)
                if mirror.displayStyle == .collection {
                    for (index, element) in mirror.children.enumerated() { walk(element.value, path: "\(childPath)[\(index)]", visit: visit) }
                } else if mirror.displayStyle == .struct || mirror.displayStyle == .optional {
                    walk(child.value, path: childPath, visit: visit)
                }
            }
        }
    }

    static func around(_ needle: String, in html: String) -> String {
        guard let range = html.range(of: needle) else { return "" }
        let start = html.index(range.lowerBound, offsetBy: -120, limitedBy: html.startIndex) ?? html.startIndex
        let end = html.index(range.upperBound, offsetBy: 20, limitedBy: html.endIndex) ?? html.endIndex
        return String(html[start..<end])
    }
}
