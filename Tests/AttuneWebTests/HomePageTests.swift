import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

@Suite("Home page")
struct HomePageTests {
    @Test("an app on an in-memory database removes sqlite-kit's file for it when it shuts down")
    func memoryFileRemoved() async throws {
        let identifier = UUID().uuidString
        let file = try #require(AttuneDatabase.temporaryFile(of: .sqliteMemory(identifier: identifier)))
        try await withApp(configure: { app async throws in
            app.logger.logLevel = .warning
            try await configureAttune(app, settings: WebSettings(database: .sqliteMemory(identifier: identifier)))
        }) { _ async throws in
            #expect(FileManager.default.fileExists(atPath: file), "sqlite-kit's file, named as AttuneDatabase expects")
        }
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test("lists all 8 programmes and all 14 mechanisms, with 112 rated cells")
    func matrix() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = try await WebSession.signIn(app)
            do {
                let response = try await web.get("/programmes")
                #expect(response.status == .ok)
                #expect(response.headers.contentType == .html)
                let html = response.body.string
                for code in ["A1", "A2", "A3", "A4", "A5", "A6", "B7", "C8"] {
                    #expect(html.contains(">\(code)</abbr></a></th>"), "programme \(code)")
                    // Each programme's code opens its page.
                    #expect(html.contains("<th scope=\"col\" class=\"programme\"><a href=\"/programmes/\(code)\">"), "link to \(code)")
                }
                #expect(occurrences(of: #"<th scope="row" class="mechanism">"#, in: html) == 14)
                for number in 1...14 {
                    #expect(html.contains(#"<span class="mechanism-id">M\#(number)</span>"#))
                }
                #expect(!html.contains(#"<span class="mechanism-id">M15</span>"#))
                #expect(occurrences(of: #"<td class="rating rating-"#, in: html) == 112)
            }
        }
    }

    @Test("shows each rating as a letter and a word, never colour alone")
    func letterAndWord() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = try await WebSession.signIn(app)
            do {
                let response = try await web.get("/programmes")
                let html = response.body.string
                // Table 1: 50 Y, 16 V and 46 N across the 112 cells.
                #expect(occurrences(of: #"<td class="rating rating-yes""#, in: html) == 50)
                #expect(occurrences(of: #"<td class="rating rating-variable""#, in: html) == 16)
                #expect(occurrences(of: #"<td class="rating rating-no""#, in: html) == 46)
                #expect(html.contains(#"<span aria-hidden="true">Y</span><span class="visually-hidden">Yes</span>"#))
                #expect(html.contains(#"<span aria-hidden="true">V</span><span class="visually-hidden">Variable</span>"#))
                #expect(html.contains("<caption"))
                #expect(html.contains(#"<th scope="col">Mechanism</th>"#))
            }
        }
    }

    @Test("has a totals row with recomputed totals, the printed row, the discrepancy note and a legend")
    func totalsAndNote() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = try await WebSession.signIn(app)
            do {
                let response = try await web.get("/programmes")
                let html = response.body.string
                let totalRow = try #require(html.range(of: #"<tr class="total-row">"#))
                let afterTotal = html[totalRow.upperBound...]
                let rowEnd = try #require(afterTotal.range(of: "</tr>"))
                let totals = afterTotal[..<rowEnd.lowerBound]
                    .components(separatedBy: #"<td class="total">"#).dropFirst()
                    .map { $0.prefix { $0.isNumber } }
                #expect(totals == ["5", "7", "2", "5", "2", "7", "12", "10"])
                #expect(html.contains(#"<td class="mismatch">11"#))
                #expect(html.contains(#"role="note""#))
                #expect(html.contains("B7: the printed total is 11, but its column holds 12 yes"))
                #expect(html.contains("Key</h2>"))
                #expect(html.contains("Not assessed</strong>"))
                #expect(html.contains("<svg class=\"chart bar-chart\" role=\"img\""))
            }
        }
    }

    @Test("an empty database shows how to load the demo instead of an empty table")
    func emptyState() async throws {
        try await withAttune(demo: false) { app async throws in
            var web = try await WebSession.signIn(app)
            do {
                let response = try await web.get("/programmes")
                #expect(response.status == .ok)
                #expect(response.body.string.contains("No programmes recorded yet"))
                #expect(response.body.string.contains("attune serve --demo"))
                #expect(!response.body.string.contains("<table"))
            }
        }
    }

    @Test("pages carry security headers and are not cached")
    func headers() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = try await WebSession.signIn(app)
            do {
                let response = try await web.get("/programmes")
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: .cacheControl) == "no-store")
            }
        }
    }
}

@Suite("Health and assets")
struct HealthTests {
    @Test("GET /health answers 200 with the database checked")
    func health() async throws {
        try await withAttune(demo: false) { app async throws in
            try await app.testing().test(.GET, "/health") { response async throws in
                #expect(response.status == .ok)
                #expect(response.body.string.contains(#""database":"ok""#))
            }
        }
    }

    @Test("the stylesheet is served as CSS and defines every rating colour")
    func stylesheet() async throws {
        try await withAttune(demo: false) { app async throws in
            try await app.testing().test(.GET, "/assets/attune.css") { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.subType == "css")
                for rating in ["yes", "variable", "no", "not_assessed"] {
                    #expect(response.body.string.contains(".rating-\(rating)"))
                }
            }
        }
    }

    @Test("an unknown path answers 404")
    func notFound() async throws {
        try await withAttune(demo: false) { app async throws in
            try await app.testing().test(.GET, "/no-such-page") { response async throws in
                #expect(response.status == .notFound)
            }
        }
    }
}
