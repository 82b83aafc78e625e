/// A new programme as a manager or facilitator sets it up: the programme, and the planned
/// sessions that follow from its first date and number of weekly sessions. Nothing here is held
/// yet, so nothing counts towards a rating until a session's log is saved.
public enum ProgrammeSetUp {
    /// The programme's sessions, one a week from its start date, each planned and led by
    /// `lead` (who is also the one facilitator present until the log says otherwise). None
    /// when the programme has no start date.
    /// `dates`: the sessions' days chosen one by one instead (the programme's start date and
    /// number of sessions should then be the first of them and their count, `choosing(_:)`).
    public static func plannedSessions(of programme: Programme, lead: String, dates: [CalendarDate]? = nil) -> [Session] {
        guard let first = programme.startDate else { return [] }
        let days = dates?.sorted() ?? (0..<max(programme.plannedSessions, 1)).map { first.adding(days: 7 * $0) }
        return days.enumerated().map { index, day in
            Session(id: sessionCode(programme: programme.id, number: index + 1), programmeId: programme.id, number: index + 1,
                    date: day, facilitatorsPresent: [lead], leadFacilitatorId: lead, planned: true)
        }
    }

    /// The programme meeting on `dates` (chosen one by one): starting on the first, ending on
    /// the last, with a session on each.
    public static func choosing(_ dates: [CalendarDate], for programme: Programme) -> Programme {
        var chosen = programme
        chosen.startDate = dates.min()
        chosen.plannedSessions = dates.count
        chosen.endDate = dates.max()
        return chosen
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
