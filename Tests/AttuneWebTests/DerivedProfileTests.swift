import AttuneCore
import AttuneHTML
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

@Suite("Home page: derived ratings")
struct DerivedProfileTests {
    @Test("with the demo, ratings are derived from evidence and agree with Table 1 in all 112 cells")
    func derivedAgree() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = try await WebSession.signIn(app)
            do {
                let response = try await web.get("/programmes")
                let html = response.body.string
                #expect(html.contains("agree with the paper's published Table 1 in 112 of 112 cells"))
                #expect(html.contains("Rubric: Attune standard rubric"))
                #expect(html.contains(SafeHTML("\(StudyEvidence.notice)").raw))
            }
        }
    }

    @Test("every cell links to its explanation, which holds the numbers that decided it")
    func explanations() async throws {
        try await withAttune(demo: true) { app async throws in
            var web = try await WebSession.signIn(app)
            do {
                let response = try await web.get("/programmes")
                let html = response.body.string
                #expect(occurrences(of: ##"<a href="#explain-"##, in: html) == 112)
                #expect(html.contains(##"<a href="#explain-A3-M3">"##))
                #expect(html.contains(#"<li id="explain-A3-M3">"#))
                #expect(html.contains("4 different facilitators led the 5 sessions"))
                #expect(html.contains(#"<li id="explain-C8-M7">"#))
                #expect(html.contains("4 to 8 dyads attending in 0 of 6 sessions (0%): no; yes needs at least 80%; group sizes 18, 17, 17, 17, 18, 17"))
                // M15 is explained, though the paper does not count it.
                #expect(html.contains(#"<li id="explain-B7-M15">"#))
            }
        }
    }

    @Test("an observer's override shows in the matrix and beside the derived explanation")
    func override() async throws {
        var document = try StudyEvidence.load()
        document.overrides = [MechanismOverride(
            programmeId: "B7", mechanism: MechanismID(8), rating: .yes,
            rationale: "Mothers stayed for tea in the café next door every week.", observer: "R. Khan")]
        try await withApp(configure: { app in
            try await configureAttune(app, settings: WebSettings(database: .sqliteMemory(identifier: UUID().uuidString)))
            try await EvidenceStore.save(document, on: app.db)
        }) { app async throws in
            var web = try await WebSession.signIn(app)
            do {
                let response = try await web.get("/programmes")
                let html = response.body.string
                #expect(html.contains("Overridden from no to yes by R. Khan: Mothers stayed for tea"))
                #expect(html.contains(#"title="M8 Provision for social engagement, B7: Yes""#))
                // No published table for this database: no agreement line, no printed totals.
                #expect(!html.contains("agree with the paper's published Table 1"))
            }
        }
    }

    @Test("a site rubric changes what the page derives")
    func siteRubric() async throws {
        let rubric = try Rubric.read(Data(#"{"rubric_version":"site-7","name":"Northfield rubric","rules":[{"mechanism":"M7","rule":"group_size","minimum_dyads":5,"maximum_dyads":8,"yes_at_least":0.8}]}"#.utf8), source: "site")
        try await withApp(configure: { app in
            try await configureAttune(app, settings: WebSettings(
                database: .sqliteMemory(identifier: UUID().uuidString), loadDemo: true, rubric: rubric, demoPassword: testPassword))
        }) { app async throws in
            var web = try await WebSession.signIn(app)
            do {
                let response = try await web.get("/programmes")
                let html = response.body.string
                #expect(html.contains("Rubric: Northfield rubric, version site-7."))
                #expect(html.contains("the rubric has no rule for M14: not assessed"))
            }
        }
    }

    @Test("free text from the evidence is escaped, never run as markup")
    func escaping() async throws {
        var document = try StudyEvidence.load()
        document.facilitators[0].name = #"<script>alert("x")</script>"#
        try await withApp(configure: { app in
            try await configureAttune(app, settings: WebSettings(database: .sqliteMemory(identifier: UUID().uuidString)))
            try await EvidenceStore.save(document, on: app.db)
        }) { app async throws in
            var web = try await WebSession.signIn(app)
            do {
                let response = try await web.get("/programmes")
                #expect(!response.body.string.contains("<script>"))
                #expect(response.body.string.contains("&lt;script&gt;"))
            }
        }
    }
}
