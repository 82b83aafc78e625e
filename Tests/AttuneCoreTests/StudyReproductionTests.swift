import Testing
@testable import AttuneCore

@Suite("The reconstructed study dataset")
struct StudyReproductionTests {
    let document: EvidenceDocument

    init() throws {
        document = try StudyEvidence.load()
    }

    @Test("derives exactly the published Table 1, all 112 cells, under the standard rubric",
          arguments: Array(PublishedTable1Tests.codes.enumerated()))
    func table1(column: Int, code: String) throws {
        let engine = AssessmentEngine(rubric: try Rubric.standard())
        let index = EvidenceIndex(document)
        let programme = try #require(document.programmes.first { $0.id == code })
        let profile = engine.profile(of: programme, in: index)
        for (row, letters) in PublishedTable1Tests.paper.enumerated() {
            let expected = String(Array(letters)[column])
            let assessment = try #require(profile.assessment(MechanismID(row + 1)))
            #expect(assessment.rating.letter == expected,
                    "\(code) M\(row + 1): derived \(assessment.rating.letter), paper \(expected): \(assessment.explanation)")
        }
    }

    @Test("recomputed totals from evidence are 5, 7, 2, 5, 2, 7, 12, 10")
    func totals() throws {
        let profiles = AssessmentEngine(rubric: try Rubric.standard()).profiles(EvidenceIndex(document))
        #expect(profiles.map(\.total) == [5, 7, 2, 5, 2, 7, 12, 10])
        #expect(profiles.allSatisfy { $0.notAssessed == 0 })
    }

    @Test("holds what the paper reports: 8 programmes, 10 facilitators, 39 dyads, 4-6 sessions, groups of 1 to 18")
    func facts() throws {
        #expect(document.reconstructed)
        #expect(document.programmes.count == 8)
        #expect(document.facilitators.count == 10)
        #expect(document.dyads.count == 39)
        let index = EvidenceIndex(document)
        for programme in document.programmes {
            #expect((4...6).contains(index.sessionsByProgramme[programme.id]?.count ?? 0))
        }
        let sizes = document.sessions.compactMap { GroupSizeRule.groupSize($0, index: index) }
        #expect(sizes.min() == 1)
        #expect(sizes.max() == 18)
        let trainings = Set(document.facilitators.map(\.trainingBody))
        #expect(trainings == [.iaim, .peterWalker])
    }

    @Test("one programme was led by four different facilitators")
    func fourFacilitators() {
        let leads = Dictionary(grouping: document.sessions, by: \.programmeId)
            .mapValues { Set($0.compactMap(\.leadFacilitatorId)).count }
        #expect(leads.values.filter { $0 == 4 }.count == 1)
    }

    @Test("four consenting mothers never attended, two of them with high social risk")
    func nonAttenders() {
        let attended = Set(document.attendance.filter(\.status.attended).map(\.dyadId))
        let never = document.dyads.filter { $0.consentToRecords && !attended.contains($0.id) }
        #expect(never.count == 4)
        #expect(never.filter { $0.socialRiskFactors.count >= 3 }.count == 2)
        let reasons = Set(document.attendance.filter { never.map(\.id).contains($0.dyadId) }.compactMap(\.absenceReason))
        #expect(reasons.contains("no bus fare"))
        #expect(reasons.contains("overtaken by other demands"))
    }
}
