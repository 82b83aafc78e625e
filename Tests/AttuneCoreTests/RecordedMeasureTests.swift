import Foundation
import Testing
@testable import AttuneCore

@Suite("Recorded measures, alerts and change")
struct RecordedMeasureTests {
    static let today = CalendarDate("2026-11-26")!
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func epds(_ items: [Int], _ timepoint: Timepoint = .before, on date: String = "2026-11-20", id: String = "M1") -> RecordedMeasure {
        RecordedMeasure(id: id, dyadId: "D1", instrument: .epds, timepoint: timepoint, date: CalendarDate(date)!,
                        administeredBy: "HV Patel", itemScores: items)
    }

    @Test("a measure dated in the future is refused")
    func future() {
        #expect(throws: MeasureInputError("EPDS", field: "date", "2026-11-27 is in the future (today is 2026-11-26)")) {
            try MeasurementValidator.check(Self.epds(Array(repeating: 0, count: 10), on: "2026-11-27"), existing: [], today: Self.today)
        }
    }

    @Test("an after measure dated before its before measure is refused, and the reverse")
    func order() {
        let before = Self.epds(Array(repeating: 1, count: 10), .before, on: "2026-10-01")
        #expect(throws: MeasureInputError("EPDS", field: "date", "the after measure (2026-09-20) is dated before the before measure (2026-10-01)")) {
            try MeasurementValidator.check(Self.epds(Array(repeating: 0, count: 10), .after, on: "2026-09-20", id: "M2"),
                                           existing: [before], today: Self.today)
        }
        let after = Self.epds(Array(repeating: 1, count: 10), .after, on: "2026-09-01")
        #expect(throws: MeasureInputError.self) {
            try MeasurementValidator.check(Self.epds(Array(repeating: 0, count: 10), .before, on: "2026-09-10", id: "M3"),
                                           existing: [after], today: Self.today)
        }
    }

    @Test("a stage measured again (a repeat screen) is accepted with its own date, and the latest of the stage measures change")
    func repeatScreen() throws {
        let first = Self.epds(Array(repeating: 1, count: 10), .before, on: "2026-10-01")
        let repeated = Self.epds([2, 2, 2, 2, 2, 2, 2, 2, 0, 0], .before, on: "2026-10-08", id: "M2")
        try MeasurementValidator.check(repeated, existing: [first], today: Self.today)
        let after = Self.epds([1, 1, 1, 1, 1, 1, 0, 0, 0, 0], .after, on: "2026-11-20", id: "M3")
        let measures = DyadMeasures(dyad: Dyad(id: "D1", consentToRecords: true), measurements: [repeated, first, after])
        // 6 after, 16 in the repeat screen (not 10 in the first): the latest before counts.
        #expect(measures.changes[.epds] == 6 - 16)
    }

    @Test("a measure dated before the baby's birth is refused")
    func beforeBirth() {
        #expect(throws: MeasureInputError("EPDS", field: "date", "2026-09-30 is before the baby's birth (2026-10-02)")) {
            try MeasurementValidator.check(Self.epds(Array(repeating: 0, count: 10), on: "2026-09-30"), existing: [], today: Self.today,
                                           bornOn: CalendarDate("2026-10-02"))
        }
    }

    @Test("saving an EPDS raises a same-day self-harm alert whenever item 10 is above 0, at every total")
    func selfHarmAlertAtEveryTotal() throws {
        for item10 in 0...3 {
            for total in item10...(27 + item10) {
                let measure = Self.epds(EPDSTests.items(total: total, item10: item10))
                let alerts = SafeguardingAlert.raised(by: measure, result: try measure.score(), at: Self.now, by: "HV Patel") { "A" }
                let selfHarm = alerts.filter { $0.kind == .selfHarm }
                #expect(selfHarm.count == (item10 > 0 ? 1 : 0), "total \(total), item 10 = \(item10)")
                #expect(selfHarm.allSatisfy { $0.dueBy == measure.date && $0.isOpen && $0.raisedBy == "HV Patel" })
                #expect(alerts.contains { $0.kind == .assess } == (total >= 13), "total \(total)")
            }
        }
    }

    @Test("an alert closes only with a note of the action; who and when are recorded; twice is refused")
    func closing() throws {
        let measure = Self.epds(EPDSTests.items(total: 5, item10: 1))
        let alert = try #require(SafeguardingAlert.raised(by: measure, result: try measure.score(), at: Self.now, by: "HV Patel") { "A1" }.first)
        #expect(throws: MeasureInputError("Alert", field: "action_taken", "write the action taken (at least 10 characters) to close the alert")) {
            try alert.closed(action: "done", by: "Manager", at: Self.now)
        }
        let later = Self.now.addingTimeInterval(3600)
        let closed = try alert.closed(action: "Phoned her GP; crisis team visited the same afternoon.", by: "S. Ahmed", at: later)
        #expect(!closed.isOpen)
        #expect(closed.closedBy == "S. Ahmed")
        #expect(closed.closedAt == later)
        #expect(closed.raisedBy == "HV Patel")
        #expect(throws: MeasureInputError.self) { try closed.closed(action: "Closing again for the record.", by: "X", at: later) }
    }

    @Test("change scores are after minus before; the need names its reason")
    func changeAndNeed() throws {
        let dyad = Dyad(id: "D1", socialRiskFactors: [.singleParent], consentToRecords: true)
        let measures = [Self.epds(EPDSTests.items(total: 14, item10: 0), .before, on: "2026-09-01"),
                        Self.epds(EPDSTests.items(total: 10, item10: 0), .after, on: "2026-10-20", id: "M2")]
        let summary = DyadMeasures(dyad: dyad, measurements: measures)
        #expect(summary.changes[.epds] == -4)
        #expect(summary.need.summary == "high: EPDS 14 before the programme")
        #expect(DyadMeasures(dyad: dyad, measurements: []).need.level == .unknown)
    }

    @Test("the study dataset: high need for the two high-risk non-attenders, one self-harm alert, before-only for non-attenders")
    func studyMeasures() throws {
        let study = try StudyEvidence.load()
        let byDyad = Dictionary(grouping: study.measurements, by: \.dyadId)
        let needs = Dictionary(uniqueKeysWithValues: study.dyads.map { ($0.id, DyadMeasures(dyad: $0, measurements: byDyad[$0.id] ?? []).need) })
        let attended = Set(study.attendance.filter(\.status.attended).map(\.dyadId))
        let never = study.dyads.filter { !attended.contains($0.id) }.map(\.id)
        #expect(never.count == 4)
        #expect(never.filter { needs[$0]?.level == .high }.count == 2)
        for id in never { #expect(byDyad[id]?.allSatisfy { $0.timepoint == .before } == true, "\(id)") }
        let selfHarm = try study.measurements.filter { measure in
            if case .epds(let score) = try measure.score() { return score.selfHarm }
            return false
        }
        #expect(selfHarm.map(\.dyadId) == ["A1-D03"])
        #expect(study.measurements.filter { $0.instrument == .wmci }.allSatisfy { $0.timepoint == .before })
    }
}
