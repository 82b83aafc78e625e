import Testing
@testable import AttuneCore

@Suite("EPDS scoring")
struct EPDSTests {
    /// The published keying (Cox, Holden & Sagovsky 1987): the score of each response option,
    /// top to bottom, for items 1-10.
    static let publishedKeying: [Int: [Int]] = [
        1: [0, 1, 2, 3], 2: [0, 1, 2, 3], 3: [3, 2, 1, 0], 4: [0, 1, 2, 3], 5: [3, 2, 1, 0],
        6: [3, 2, 1, 0], 7: [3, 2, 1, 0], 8: [3, 2, 1, 0], 9: [3, 2, 1, 0], 10: [3, 2, 1, 0],
    ]

    @Test("every item is keyed as published", arguments: 1...10)
    func keying(item: Int) {
        #expect((0...3).map { EPDS.itemScore(item: item, optionChosen: $0) } == Self.publishedKeying[item])
    }

    @Test("scoring from the options chosen applies the keying")
    func fromOptions() throws {
        // Top option everywhere: items 3 and 5-10 score 3 each, items 1, 2, 4 score 0.
        let top = try EPDS.score(optionsChosen: Array(repeating: 0, count: 10))
        #expect(top.total == 21)
        #expect(top.anxiety == 3 + 0 + 3)
        #expect(top.selfHarm)
    }

    /// Ten item scores with item 10 fixed that add up to `total` (at most 27 + item 10).
    static func items(total: Int, item10: Int) -> [Int] {
        var items = Array(repeating: 0, count: 10)
        items[9] = item10
        var remaining = total - item10
        for index in 0..<9 where remaining > 0 {
            items[index] = min(3, remaining)
            remaining -= items[index]
        }
        return items
    }

    @Test("cut-off boundaries: 9 below, 10 possible, 12 possible, 13 probable",
          arguments: [(9, EPDSBand.belowCutoff), (10, .possibleDepression), (12, .possibleDepression), (13, .probableDepression), (27, .probableDepression), (0, .belowCutoff)])
    func cutoffs(total: Int, band: EPDSBand) throws {
        let score = try EPDS.score(itemScores: Self.items(total: total, item10: 0))
        #expect(score.total == total)
        #expect(score.band == band)
    }

    @Test("item 10 above 0 is flagged at every total; item 10 at 0 never is")
    func selfHarmAtEveryTotal() throws {
        for item10 in 1...3 {
            for total in item10...(27 + item10) {
                let score = try EPDS.score(itemScores: Self.items(total: total, item10: item10))
                #expect(score.total == total)
                #expect(score.selfHarm, "total \(total), item 10 = \(item10)")
                #expect(score.summary.contains("same-day follow-up"))
            }
        }
        for total in 0...27 {
            #expect(try !EPDS.score(itemScores: Self.items(total: total, item10: 0)).selfHarm)
        }
    }

    @Test("EPDS-3A is items 3, 4 and 5")
    func anxiety() throws {
        let score = try EPDS.score(itemScores: [3, 3, 1, 2, 3, 0, 0, 0, 0, 0])
        #expect(score.anxiety == 6)
        #expect(score.total == 12)
    }

    @Test("a site's cut-offs replace the defaults; nonsense cut-offs are refused")
    func siteCutoffs() throws {
        let cutoffs = try EPDSCutoffs(possibleFrom: 9, probableFrom: 12)
        #expect(try EPDS.score(itemScores: Self.items(total: 9, item10: 0), cutoffs: cutoffs).band == .possibleDepression)
        #expect(throws: MeasureInputError.self) { try EPDSCutoffs(possibleFrom: 13, probableFrom: 10) }
        #expect(throws: MeasureInputError.self) { try EPDSCutoffs(possibleFrom: 0, probableFrom: 10) }
    }

    @Test("an incomplete EPDS is refused, not prorated; a value out of range names the item")
    func badInput() {
        #expect(throws: MeasureInputError("EPDS", field: "items", "needs 10 item scores, got 9 (an incomplete EPDS is not prorated)")) {
            try EPDS.score(itemScores: [0, 1, 2, 1, 0, 2, 1, 0, 1])
        }
        #expect(throws: MeasureInputError("EPDS", field: "item 4", "4 is outside 0-3")) {
            try EPDS.score(itemScores: [0, 1, 2, 4, 0, 2, 1, 0, 1, 0])
        }
        #expect(throws: MeasureInputError("EPDS", field: "item 1", "-1 is outside 0-3")) {
            try EPDS.score(itemScores: [-1, 1, 2, 1, 0, 2, 1, 0, 1, 0])
        }
    }
}

@Suite("PSI-SF, temperament, CARE-Index and WMCI scoring")
struct OtherInstrumentTests {
    @Test("PSI-SF subscales are items 1-12, 13-24 and 25-36; Defensive Responding items 1, 2, 3, 7, 8, 9, 11")
    func psiSums() throws {
        let items = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2] + Array(repeating: 3, count: 12) + Array(repeating: 4, count: 12)
        let score = try PSIShortForm.score(itemScores: items)
        #expect(score.parentalDistress == 33)
        #expect(score.parentChildDysfunctionalInteraction == 36)
        #expect(score.difficultChild == 48)
        #expect(score.totalStress == 117)
        #expect(score.defensiveResponding == 1 + 2 + 3 + 2 + 3 + 4 + 1)
        #expect(score.clinicallySignificant == nil)
        #expect(score.summary.contains("not classified"))
    }

    @Test("PSI-SF ranges: all 1s give 36, all 5s give 180; site cut-offs classify")
    func psiRanges() throws {
        #expect(try PSIShortForm.score(itemScores: Array(repeating: 1, count: 36)).totalStress == 36)
        let highest = try PSIShortForm.score(itemScores: Array(repeating: 5, count: 36),
                                             cutoffs: PSICutoffs(totalStressFrom: 90, defensiveRespondingAtMost: 10))
        #expect(highest.totalStress == 180)
        #expect(highest.clinicallySignificant == true)
        #expect(highest.possiblyDefensive == false)
        let subscales = try PSIShortForm.score(parentalDistress: 30, parentChildDysfunctionalInteraction: 25, difficultChild: 28)
        #expect(subscales.totalStress == 83)
        #expect(subscales.defensiveResponding == nil)
        #expect(throws: MeasureInputError("PSI-SF", field: "Difficult Child", "61 is outside 12-60")) {
            try PSIShortForm.score(parentalDistress: 30, parentChildDysfunctionalInteraction: 25, difficultChild: 61)
        }
        #expect(throws: MeasureInputError("PSI-SF", field: "item 36", "0 is outside 1-5")) {
            try PSIShortForm.score(itemScores: Array(repeating: 2, count: 35) + [0])
        }
    }

    @Test("temperament: nine categories on 1-6, not classified without site norms")
    func temperament() throws {
        let score = try InfantTemperament.score([3, 4, 2.5, 3, 4, 3.2, 3, 3, 4])
        #expect(score.cluster == nil)
        #expect(score.classificationNote.contains("need site norms"))
        #expect(throws: MeasureInputError("ITQ", field: "mood", "6.5 is outside 1-6")) {
            try InfantTemperament.score([3, 4, 2.5, 3, 4, 6.5, 3, 3, 4])
        }
        #expect(throws: MeasureInputError.self) { try InfantTemperament.score([3, 4]) }
    }

    @Test("CARE-Index: each party's scales sum to 14", arguments: [
        ([8, 4, 2, 7, 3, 2, 2], true), ([8, 4, 3, 7, 3, 2, 2], false), ([8, 4, 2, 7, 3, 2, 1], false),
    ])
    func careSums(values: [Int], valid: Bool) {
        let result = Result { () throws(MeasureInputError) in
            try CAREIndex.score(sensitivity: values[0], control: values[1], unresponsiveness: values[2],
                                cooperativeness: values[3], compulsivity: values[4], difficultness: values[5], passivity: values[6])
        }
        #expect(((try? result.get()) != nil) == valid)
    }

    @Test("CARE-Index sensitivity bands at their edges: 11 sensitive, 7-10 adequate, 5-6 inept, 0-4 high risk",
          arguments: [(14, SensitivityBand.sensitive), (11, .sensitive), (10, .adequate), (7, .adequate), (6, .inept), (5, .inept), (4, .highRisk), (0, .highRisk)])
    func careBands(sensitivity: Int, band: SensitivityBand) throws {
        let score = try CAREIndex.score(sensitivity: sensitivity, control: 14 - sensitivity, unresponsiveness: 0,
                                        cooperativeness: 14, compulsivity: 0, difficultness: 0, passivity: 0)
        #expect(score.band == band)
    }

    @Test("CARE-Index messages name the scale")
    func careMessages() {
        #expect(throws: MeasureInputError("CARE-Index", field: "adult scales", "sensitivity + control + unresponsiveness = 15; they must sum to 14")) {
            try CAREIndex.score(sensitivity: 9, control: 4, unresponsiveness: 2, cooperativeness: 7, compulsivity: 3, difficultness: 2, passivity: 2)
        }
        #expect(throws: MeasureInputError("CARE-Index", field: "passivity", "15 is outside 0-14")) {
            try CAREIndex.score(sensitivity: 9, control: 4, unresponsiveness: 1, cooperativeness: 0, compulsivity: 0, difficultness: 0, passivity: 15)
        }
    }

    @Test("WMCI: three classifications and 1-5 scales")
    func wmci() throws {
        #expect(try WMCI.score(classification: "Distorted").classification == .distorted)
        #expect(throws: MeasureInputError.self) { try WMCI.score(classification: "anxious") }
        #expect(throws: MeasureInputError("WMCI", field: "coherence", "6 is outside 1-5")) {
            try WMCI.score(classification: "balanced", scaleRatings: ["coherence": 6])
        }
    }
}

@Suite("Level of need")
struct NeedRulesTests {
    func epds(_ total: Int, item10: Int = 0, at timepoint: Timepoint = .before) throws -> ScoredMeasure {
        ScoredMeasure(timepoint: timepoint, result: .epds(try EPDS.score(itemScores: EPDSTests.items(total: total, item10: item10))))
    }

    @Test("EPDS boundaries: 9 low, 10 and 12 moderate, 13 high", arguments: [(9, NeedLevel.low), (10, .moderate), (12, .moderate), (13, .high)])
    func epdsBoundaries(total: Int, level: NeedLevel) throws {
        #expect(NeedRules.standard.assess(socialRiskFactors: 0, measures: [try epds(total)]).level == level)
    }

    @Test("the reason names the finding and when: 'high: EPDS 14 before the programme'")
    func reason() throws {
        #expect(NeedRules.standard.assess(socialRiskFactors: 0, measures: [try epds(14)]).summary == "high: EPDS 14 before the programme")
    }

    @Test("item 10 above 0 is high need at any total")
    func selfHarm() throws {
        let need = NeedRules.standard.assess(socialRiskFactors: 0, measures: [try epds(1, item10: 1, at: .after)])
        #expect(need.level == .high)
        #expect(need.summary == "high: EPDS item 10 (self-harm) scored 1 after the programme")
    }

    @Test("CARE-Index sensitivity in the two lowest bands is high need; adequate is not",
          arguments: [(6, NeedLevel.high), (4, .high), (7, .low)])
    func care(sensitivity: Int, level: NeedLevel) throws {
        let care = try CAREIndex.score(sensitivity: sensitivity, control: 14 - sensitivity, unresponsiveness: 0,
                                       cooperativeness: 14, compulsivity: 0, difficultness: 0, passivity: 0)
        #expect(NeedRules.standard.assess(socialRiskFactors: 0, measures: [.init(timepoint: .before, result: .careIndex(care))]).level == level)
    }

    @Test("a disengaged or distorted WMCI is high need; balanced is not",
          arguments: [("disengaged", NeedLevel.high), ("distorted", .high), ("balanced", .low)])
    func wmci(classification: String, level: NeedLevel) throws {
        let wmci = try WMCI.score(classification: classification)
        #expect(NeedRules.standard.assess(socialRiskFactors: 0, measures: [.init(timepoint: .before, result: .wmci(wmci))]).level == level)
    }

    @Test("findings are listed by timepoint, then EPDS, CARE-Index and WMCI, whatever order the measures come in")
    func findingsInFixedOrder() throws {
        let care = try CAREIndex.score(sensitivity: 4, control: 10, unresponsiveness: 0,
                                       cooperativeness: 14, compulsivity: 0, difficultness: 0, passivity: 0)
        let measures: [ScoredMeasure] = [
            .init(timepoint: .after, result: .wmci(try WMCI.score(classification: "disengaged"))),
            .init(timepoint: .before, result: .careIndex(care)),
            .init(timepoint: .before, result: .psi(try PSIShortForm.score(itemScores: Array(repeating: 3, count: 36)))),
            try epds(14, at: .after),
            try epds(13, item10: 1, at: .before),
        ]
        let expected: [NeedFinding] = [
            .selfHarm(itemScore: 1, .before), .epds(total: 13, .before), .careIndex(sensitivity: 4, care.band, .before),
            .epds(total: 14, .after), .wmci(.disengaged, .after),
        ]
        for shift in measures.indices {
            let rotated = Array(measures[shift...] + measures[..<shift])
            #expect(NeedRules.standard.assess(socialRiskFactors: 0, measures: rotated).findings == expected)
            #expect(NeedRules.standard.assess(socialRiskFactors: 0, measures: rotated.reversed()).findings == expected)
        }
    }

    @Test("social risk: one factor is low, two are moderate; nothing measured is unknown")
    func socialRisk() throws {
        #expect(NeedRules.standard.assess(socialRiskFactors: 1, measures: [try epds(3)]).level == .low)
        #expect(NeedRules.standard.assess(socialRiskFactors: 2, measures: [try epds(3)]).summary == "moderate: 2 social risk factors")
        #expect(NeedRules.standard.assess(socialRiskFactors: 0, measures: []).level == .unknown)
        #expect(NeedRules.standard.assess(socialRiskFactors: 3, measures: []).level == .moderate)
    }

    @Test("rules are configurable")
    func configurable() throws {
        var rules = NeedRules.standard
        rules.epdsHighFrom = 12
        #expect(rules.assess(socialRiskFactors: 0, measures: [try epds(12)]).level == .high)
    }
}

@Suite("Need signals stored with measures")
struct StoredNeedSignalTests {
    /// Every measure of a synthetic national dataset, scored, stored and read back, gives the
    /// signal that scoring it gives.
    @Test("every scored measure's stored form reads back as the same signal")
    func roundTrip() throws {
        let document = SyntheticEvidence.make(centres: 3, seed: 5)
        var seen = Set<String>()
        for measure in document.measurements {
            let result = try measure.score()
            let stored = NeedSignal.storedForm(of: result)
            seen.insert(String(stored.prefix { $0 != " " }))
            let read = try #require(NeedSignal(timepoint: measure.timepoint, storedForm: stored, settings: .standard))
            #expect(read == NeedSignal(timepoint: measure.timepoint, result: result))
        }
        #expect(seen == ["epds", "care_index", "wmci", "other"])
    }

    @Test("the published forms: EPDS total and item 10, CARE-Index sensitivity banded on reading, WMCI")
    func forms() throws {
        let epds = try EPDS.score(itemScores: [3, 3, 3, 3, 3, 3, 3, 3, 3, 2])
        #expect(NeedSignal.storedForm(of: .epds(epds)) == "epds 29 2")
        let care = try CAREIndex.score(sensitivity: 4, control: 6, unresponsiveness: 4, cooperativeness: 4, compulsivity: 0,
                                       difficultness: 6, passivity: 4)
        #expect(NeedSignal.storedForm(of: .careIndex(care)) == "care_index 4")
        var strict = MeasureSettings()
        strict.careBands = try SensitivityBands(sensitiveFrom: 14, adequateFrom: 12, ineptFrom: 10)
        // Sensitivity 11 is sensitive under the standard bands (11 and over), inept under bands moved up.
        let standard = try #require(NeedSignal(timepoint: .before, storedForm: "care_index 11", settings: .standard))
        let stricter = try #require(NeedSignal(timepoint: .before, storedForm: "care_index 11", settings: strict))
        #expect(standard == NeedSignal(timepoint: .before, result: .careIndex(try CAREIndex.score(
            sensitivity: 11, control: 3, unresponsiveness: 0, cooperativeness: 11, compulsivity: 0, difficultness: 3, passivity: 0))))
        #expect(stricter != standard)
    }

    @Test("a dyad's signals as the database gathers them read back item by item, in order")
    func gathered() throws {
        let read = try #require(NeedSignal.gathered("before epds 14 0;follow_up wmci disengaged;after other", settings: .standard))
        #expect(read == [try #require(NeedSignal(timepoint: .before, storedForm: "epds 14 0", settings: .standard)),
                         try #require(NeedSignal(timepoint: .followUp, storedForm: "wmci disengaged", settings: .standard)),
                         try #require(NeedSignal(timepoint: .after, storedForm: "other", settings: .standard))])
        #expect(NeedSignal.gathered("", settings: .standard) == [])
        for broken in ["before", "before epds 14", "during epds 14 0", "before epds 14 0;", ";before epds 14 0",
                       "before epds 14 0;;after other", "before epds 14 0,after other", "Before epds 14 0"] {
            #expect(NeedSignal.gathered(broken, settings: .standard) == nil, "\(broken)")
        }
    }

    @Test("text not in the stored form is refused", arguments: [
        "", "epds", "epds 14", "epds 14 0 1", "epds a 0", "epds -1 0", "epds 1000 0", "care_index", "care_index 5 5",
        "wmci", "wmci nonsense", "other x", "psi 3", "EPDS 14 0", "epds  14 0",
    ])
    func refused(text: String) {
        #expect(NeedSignal(timepoint: .before, storedForm: text, settings: .standard) == nil)
    }
}
