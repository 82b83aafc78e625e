import Foundation
import Testing
@testable import AttuneCore

@Suite struct ReachAnalysisTests {
    /// The paper: four consenting mothers never attended, two of them high-risk.
    @Test func theStudysFourConsentingNonAttenders() throws {
        let evaluation = Evaluation(title: "study", document: try StudyEvidence.load(), rubric: try Rubric.standard())
        let document = try StudyEvidence.load()
        let reach = ReachAnalysis(index: EvidenceIndex(document), need: evaluation.needs.mapValues(\.level))
        #expect(reach.overall.total.invited == 39)
        #expect(reach.overall.total.consented == 39)
        #expect(reach.overall.total.consentedNeverAttended == 4)
        let high = try #require(reach.overall.byNeed.first { $0.need == .high })
        #expect(high.counts.consentedNeverAttended == 2)
        let neverCame = reach.journeys.filter { $0.attended == 0 }.map(\.invitation.dyadId).sorted()
        #expect(neverCame == ["A1-D05", "A3-D04", "A5-D04", "B7-D06"])

        let missed = MissedOpportunity.list(reach: reach, needs: evaluation.needs)
        #expect(missed.filter { $0.journey.attended == 0 }.map(\.dyadId).sorted() == ["A3-D04", "A5-D04"])
        // A5-D03 came once, late, and never returned: high need, dropped out.
        #expect(missed.filter(\.journey.droppedOut).map(\.dyadId) == ["A5-D03"])
        #expect(missed.allSatisfy { $0.needSummary.hasPrefix("high: ") })
        #expect(missed.first { $0.dyadId == "A3-D04" }?.absenceReasons == ["overtaken by other demands"])

        let a5 = try #require(reach.programmes.first { $0.id == "A5" })
        #expect(a5.total.invited == 4)
        #expect(a5.total.attendedOnce == 3)
        #expect(a5.total.completed == 2)
        #expect(a5.total.attritionRate == 1.0 / 3.0)
        let centreA = try #require(reach.centres.first { $0.id == "A" })
        #expect(centreA.total.invited == 24)
    }

    @Test func completionUsesTheShareOfSessionsHeld() {
        var fixture = EvidenceFixture()
        fixture.addSessions(4)
        fixture.document.sessions[3].cancelled = true // three sessions held
        fixture.addDyad("D1")
        fixture.addDyad("D2", invitedBy: nil, mode: .leafletOrPoster)
        fixture.document.invitations[0].status = .enrolled
        fixture.document.invitations[1].status = .enrolled
        fixture.attend("D1", "S1"); fixture.attend("D1", "S2"); fixture.attend("D1", "S3", .absent)
        fixture.attend("D2", "S1"); fixture.attend("D2", "S2", .late); fixture.attend("D2", "S3", .late)
        // 2 of 3 is below 75%; 3 of 3 (late counts) completes.
        let reach = ReachAnalysis(index: EvidenceIndex(fixture.document), need: ["D1": .high])
        #expect(reach.overall.total.completed == 1)
        #expect(reach.journeys.map(\.completed) == [false, true])
        #expect(reach.overall.byMode.first { $0.mode == .leafletOrPoster }?.counts.completed == 1)
        #expect(reach.overall.byNeed.first { $0.need == .unknown }?.counts.invited == 1)
        // With a 60% share, 2 of 3 completes.
        #expect(ReachAnalysis(index: EvidenceIndex(fixture.document), need: [:], completionShare: 0.6).overall.total.completed == 2)
    }

    @Test func ratesAreNotComputableWithoutADenominator() throws {
        let counts = ReachCounts()
        #expect(counts.enrolmentRate == nil)
        #expect(counts.attritionRate == nil)
        let json = String(decoding: try JSONEncoder().encode(counts), as: UTF8.self)
        #expect(json.contains("\"enrolmentRate\":null"))
    }
}
