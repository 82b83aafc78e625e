/// A new programme as a manager or facilitator sets it up: the programme, and the planned
/// sessions that follow from its first date and number of weekly sessions. Nothing here is held
/// yet, so nothing counts towards a rating until a session's log is saved.
public enum ProgrammeSetUp {
    /// The programme's sessions, one a week from its start date, each planned and led by
    /// `lead` (who is also the one facilitator present until the log says otherwise). None
    /// when the programme has no start date.
    public static func plannedSessions(of programme: Programme, lead: String) -> [Session] {
        guard let first = programme.startDate else { return [] }
        return (1...max(programme.plannedSessions, 1)).map { number in
            Session(id: sessionCode(programme: programme.id, number: number), programmeId: programme.id, number: number,
                    date: first.adding(days: 7 * (number - 1)), facilitatorsPresent: [lead], leadFacilitatorId: lead, planned: true)
        }
    }

    /// The last weekly session's date: the programme's end date.
    public static func endDate(of programme: Programme) -> CalendarDate? {
        programme.startDate?.adding(days: 7 * (max(programme.plannedSessions, 1) - 1))
    }

    /// A session's code within its programme ("OAK-3-S2"). People see its number and date.
    public static func sessionCode(programme: String, number: Int) -> String { "\(programme)-S\(number)" }

    /// The first code "<centre>-<n>" not among `taken`, counting from `taken.count + 1`: a new
    /// programme's code, which people see beside its name.
    public static func programmeCode(centre: String, taken: Set<String>) -> String {
        var number = taken.count + 1
        while taken.contains("\(centre)-\(number)") { number += 1 }
        return "\(centre)-\(number)"
    }
}
