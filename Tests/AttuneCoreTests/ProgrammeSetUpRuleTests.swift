import AttuneCore
import Testing

@Suite("Programme set-up rules")
struct ProgrammeSetUpRuleTests {
    @Test("one planned session a week from the start date, led by the lead; the end date is the last session's")
    func weekly() throws {
        let programme = Programme(id: "OAK-1", centreId: "OAK", name: "Winter", plannedSessions: 3, startDate: CalendarDate("2026-12-28"))
        let sessions = ProgrammeSetUp.plannedSessions(of: programme, lead: "F1")
        #expect(sessions.map(\.id) == ["OAK-1-S1", "OAK-1-S2", "OAK-1-S3"])
        #expect(sessions.map { $0.date?.description ?? "" } == ["2026-12-28", "2027-01-04", "2027-01-11"])
        #expect(sessions.allSatisfy { $0.planned == true && !$0.isHeld && $0.leadFacilitatorId == "F1" })
        #expect(ProgrammeSetUp.endDate(of: programme) == CalendarDate("2027-01-11"))
        var undated = programme
        undated.startDate = nil
        #expect(ProgrammeSetUp.plannedSessions(of: undated, lead: "F1").isEmpty)
    }

    @Test("a new programme's code is the centre's next free number")
    func codes() {
        #expect(ProgrammeSetUp.programmeCode(centre: "OAK", taken: []) == "OAK-1")
        #expect(ProgrammeSetUp.programmeCode(centre: "OAK", taken: ["A1", "A2"]) == "OAK-3")
        #expect(ProgrammeSetUp.programmeCode(centre: "OAK", taken: ["OAK-2", "OAK-3"]) == "OAK-4")
    }
}
