import AttuneCore
import AttuneStore
import Foundation
import Testing
import VaporTesting
@testable import AttuneWeb

/// Excerpts from the programme page (issue 27, part 1): a facilitator records three that
/// contradict A1's setting (rated yes), which then shows as divergent; an evaluator sees the
/// counts and never the words.
@Suite("Excerpts from the web")
struct ExcerptWebTests {
    @Test("three contradicting excerpts make A1's M4 divergent; a refused one names every field; an evaluator sees counts, not words")
    func codeAndTriangulate() async throws {
        try await withAttune(demo: true) { app async throws in
            var facilitator = try await WebSession.signIn(app, as: "demo-facilitator-a")
            let before = try await facilitator.get("/programmes/A1").body.string
            #expect(before.contains("No quotation or observation note is recorded yet") && before.contains("href=\"/programmes/A1/excerpts/new\""))

            let refused = try await facilitator.post("/programmes/A1/excerpts/new", ["source": "interview", "speaker_role": "mother", "text": " "])
            #expect(refused.status == .unprocessableEntity)
            let body = refused.body.string
            #expect(body.contains("Write what was said or noted.") && body.contains("Code it to at least one mechanism"))
            #expect(try await EvidenceStore.load(programmes: ["A1"], on: app.db).excerpts.isEmpty)
            let noSource = try await facilitator.post("/programmes/A1/excerpts/new", ["text": "x", "code-M4": "supports"])
            #expect(noSource.status == .unprocessableEntity && noSource.body.string.contains("Choose where it comes from."))

            for (number, words) in ["It was so cold the babies cried.", "Nobody could find the room.", "<b>Freezing</b> & cramped"].enumerated() {
                let saved = try await facilitator.post("/programmes/A1/excerpts/new", [
                    "source": number == 2 ? "observation" : "interview", "speaker_role": number == 2 ? "observer" : "mother",
                    "date": "2026-11-20", "text": words, "code-M4": "contradicts", "code-M8": number == 0 ? "supports" : ""])
                #expect(saved.status == .seeOther)
            }
            let stored = try await EvidenceStore.load(programmes: ["A1"], on: app.db).excerpts
            #expect(stored.map(\.id) == ["A1-X1", "A1-X2", "A1-X3"])
            #expect(stored[0].codes == [ExcerptCode(mechanism: MechanismID(4), stance: .contradicts), ExcerptCode(mechanism: MechanismID(8), stance: .supports)])

            let page = try await facilitator.get("/programmes/A1").body.string
            #expect(page.contains("<strong>1 divergent:</strong> M4 Setting meets physical needs (rated yes)"))
            #expect(page.contains("&lt;b&gt;Freezing&lt;/b&gt; &amp; cramped") && !page.contains("<b>Freezing</b>"))
            #expect(try await ActivityLog.search(.init(recordKind: "excerpt"), on: app.db).count == 3)

            var evaluator = try await WebSession.signIn(app, as: "demo-evaluator")
            #expect(try await evaluator.get("/programmes/A1/excerpts/new").status == .forbidden)
            #expect(try await evaluator.post("/programmes/A1/excerpts/new", ["source": "interview", "speaker_role": "mother", "text": "x", "code-M4": "supports"]).status == .forbidden)
            let shown = try await evaluator.get("/programmes/A1").body.string
            #expect(shown.contains("3 excerpts; their words are not shown to evaluators") && shown.contains("1 divergent"))
            #expect(!shown.contains("babies cried") && !shown.contains("Freezing"))

            var manager = try await WebSession.signIn(app, as: "demo-manager-a")
            #expect(try await manager.get("/programmes/B7/excerpts/new").status == .notFound)
        }
    }
}
