import AttuneCore
import AttuneHTML
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// The programmes page for many programmes: summaries with drill-down, a page of a few dozen
/// kilobytes however many programmes there are; for a centre's few, every profile in full.
@Suite("Programmes overview: many programmes")
struct ProgrammesOverviewTests {
    @Test("an administrator of 56 programmes gets the overview: counts, need against provision, the worst gaps, pages and filters")
    func overview() async throws {
        try await withAttune(demo: true) { app async throws in
            // Twelve more centres of four programmes each, beside the study's eight programmes.
            try await EvidenceStore.save(SyntheticEvidence.make(centres: 12, seed: 7), on: app.db)
            var web = try await WebSession.signIn(app)
            let page = try await web.get("/programmes")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("56 programmes in 15 centres: too many to show every rating here"))
            // The study's eight programmes are among them: the page says its records are reconstructed.
            #expect(html.contains(SafeHTML("\(StudyEvidence.notice)").raw))
            #expect(html.contains(#"<h2 id="mechanism-counts-title">How often each mechanism is provided</h2>"#))
            #expect(html.contains(#"<h2 id="need-grid-title">Need against provision</h2>"#))
            #expect(html.contains("page 1 of 2"))
            #expect(occurrences(of: #"<tr><th scope="row"><a href="/programmes/"#, in: html) == 50)
            #expect(!html.contains(#"<li id="explain-"#), "no explanation is listed: each programme's page has them")
            #expect(page.body.readableBytes < 200_000)
            // Every programme row links to its page, which answers.
            let second = try await web.get("/programmes?page=2")
            #expect(occurrences(of: #"<tr><th scope="row"><a href="/programmes/"#, in: second.body.string) == 6)
            #expect(second.body.string.contains("page 2 of 2"))

            // Filters: one centre's programmes; a mechanism rated yes; bad values said, not used.
            let centre = try await web.get("/programmes?centre=C3").body.string
            #expect(centre.contains("4 programmes, worst gaps first; page 1 of 1"))
            #expect(occurrences(of: #"<a href="/programmes/C3-P"#, in: centre) == 4)
            let cues = try await web.get("/programmes?mechanism=M13&rating=yes&order=code").body.string
            let document = try await EvidenceStore.load(includingMeasures: false, on: app.db)
            let derived = AssessmentEngine(rubric: try Rubric.standard()).profiles(EvidenceIndex(document))
            let withCues = derived.filter { $0.assessment(MechanismID(13))?.rating == .yes }.map(\.programme.id).sorted()
            #expect(cues.contains("\(withCues.count) programme\(withCues.count == 1 ? "" : "s"), programme code; page 1 of 1"))
            for code in withCues { #expect(cues.contains(#"<a href="/programmes/\#(code)">"#)) }
            let bad = try await web.get("/programmes?mechanism=M99&rating=sometimes&page=zero").body.string
            #expect(bad.contains("Not used: "))
            #expect(bad.contains("mechanism M99 is not one of M1-M15"))
            #expect(bad.contains("page zero is not a page number; showing the first"))
        }
    }

    @Test("the evaluation of many programmes is one centre's at a time, chosen from the centres")
    func evaluationByCentre() async throws {
        try await withAttune(demo: true) { app async throws in
            try await EvidenceStore.save(SyntheticEvidence.make(centres: 12, seed: 7), on: app.db)
            var web = try await WebSession.signIn(app)
            let chooser = try await web.get("/evaluation")
            #expect(chooser.status == .ok)
            #expect(chooser.body.string.contains("Your 56 programmes in 15 centres are too many to evaluate on one page"))
            #expect(chooser.body.string.contains(#"<a href="/evaluation?centre=C3">"#))
            let centre = try await web.get("/evaluation?centre=C3")
            #expect(centre.status == .ok)
            #expect(centre.body.string.contains("4 programmes of the centre"))
            #expect(centre.body.string.contains("C3-P0") && !centre.body.string.contains("C4-P0"))
            #expect(try await web.get("/evaluation?centre=nowhere").status == .notFound)
            // A centre's manager: her programmes, as before.
            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            let own = try await manager.get("/evaluation").body.string
            #expect(own.contains("6 programmes of your centres"))
        }
    }

    @Test("a centre's manager sees her few programmes in full, ratings and explanations")
    func fewProgrammesInFull() async throws {
        try await withAttune(demo: true) { app async throws in
            try await EvidenceStore.save(SyntheticEvidence.make(centres: 12, seed: 7), on: app.db)
            var web = try await WebSession.signIn(app, as: "demo-manager-a")
            let html = try await web.get("/programmes").body.string
            #expect(!html.contains("too many to show every rating here"))
            #expect(html.contains(#"<li id="explain-A3-M3">"#))
        }
    }
}
