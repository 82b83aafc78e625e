import Foundation
import Testing
@testable import AttuneCore

/// Work done in parts at once must come out exactly as if done in one go, in order.
struct ParallelTests {
    @Test("slices cover every item once, in order, in parts of about the same size", arguments: [0, 1, 255, 256, 257, 1_000, 1_001])
    func slicesCoverItems(count: Int) {
        let items = Array(0..<count)
        let parts = slices(of: items, parts: 8, atLeast: 256)
        #expect(parts.flatMap { $0 } == items)
        if count < 256 {
            #expect(parts.count == 1)
        } else {
            #expect(parts.count == 8)
            let sizes = parts.map(\.count)
            #expect(sizes.max()! - sizes.min()! <= 1)
        }
    }

    @Test("inParts gives the results of a serial map, part by part in order, however long each part takes")
    func inPartsInOrder() async {
        let items = (0..<10_007).map { "item \($0)" }
        let parts = await inParts(items, atLeast: 100, parts: 8) { part in
            // The earlier parts take longest, so that they finish last.
            var sum = 0
            for value in 0..<((10_007 - part.startIndex) * 20) { sum &+= value }
            return part.map { $0.uppercased() } + (sum == -1 ? ["never"] : [])
        }
        #expect(parts.count == 8)
        #expect(parts.flatMap { $0 } == items.map { $0.uppercased() })
        #expect(await inParts(Array(items.prefix(99)), atLeast: 100) { Array($0) } == [Array(items.prefix(99))])
    }

    @Test("need against provision counted in parts equals each programme counted on its own, dyads of unknown need included")
    func needVersusProvisionInParts() throws {
        let document = SyntheticEvidence.make(centres: 80, seed: 11) // 320 programmes: counted in parts
        let index = EvidenceIndex(document)
        let profiles = AssessmentEngine(rubric: try Rubric.load(path: nil)).profiles(index)
        var need = DyadMeasures.needs(in: document).mapValues(\.level)
        // Some dyads have no known need (say, invited but with no record); each still counts once.
        for dyad in document.dyads.prefix(300) { need[dyad.id] = nil }
        let whole = NeedVersusProvision(profiles: profiles, index: index, needByDyad: need)
        let started = NeedVersusProvision.started(profiles, index: index)
        #expect(started.count >= 256)
        #expect(whole.rows.map(\.programmeId) == started.map(\.programme.id))
        let levels = need
        for (row, profile) in zip(whole.rows, started) {
            let alone = NeedVersusProvision(profiles: [profile], index: index) { levels[$0] }
            #expect(alone.rows == [row])
        }
        #expect(whole.rows.contains { $0.enrolledHighNeed > 0 } && whole.rows.contains { $0.attendingHighNeed < $0.attending })
    }

    @Test("a national audit's text, written in parts, is the matrix, the notes, every programme's lines and need against provision")
    func auditTextInParts() async throws {
        let document = SyntheticEvidence.make(centres: 80, seed: 7) // 320 programmes: written in parts
        let need = DyadMeasures.needs(in: document).mapValues(\.level)
        let report = AuditReport(title: "National", document: document, rubric: try Rubric.load(path: nil), needByDyad: need)
        var expected = MatrixTextRenderer.render(report.matrix, title: "National") + report.rubricLine + "\n"
        for profile in report.profiles {
            expected += "\n\(profile.programme.id)  \(profile.programme.name), \(profile.centre!.name): \(profile.total) yes"
                + " of 14, \(profile.notAssessed) not assessed\n"
            for assessment in profile.assessments {
                let mechanism = assessment.mechanism.id.description, letter = assessment.rating.letter
                expected += "  " + mechanism + String(repeating: " ", count: 4 - mechanism.count)
                    + letter + String(repeating: " ", count: 2 - letter.count) + (assessment.isOverridden ? "* " : "  ")
                    + assessment.explanation + "\n"
            }
        }
        if report.profiles.contains(where: { $0.assessments.contains(where: \.isOverridden) }) {
            expected += "\n* overridden by an observer; the derived rating is kept in the explanation.\n"
        }
        expected += AuditTextRenderer.needSection(report.needVersusProvision!)
        #expect(await report.render(.text) == expected)
    }
}
