import AttuneCore
import Testing

/// CalendarDate reads and checks dates by arithmetic; the expected answers are the Gregorian
/// calendar's rules (a leap year is divisible by 4, except centuries not divisible by 400).
@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("days that exist are read, days that do not are refused", arguments: [
        ("2024-02-29", true), ("2000-02-29", true), ("2026-02-29", false), ("1900-02-29", false), ("2100-02-29", false),
        ("2026-04-30", true), ("2026-04-31", false), ("2026-12-31", true), ("2026-13-01", false), ("2026-00-10", false),
        ("2026-01-00", false), ("0001-01-01", true), ("0000-01-01", false),
    ])
    func existence(text: String, exists: Bool) {
        #expect((CalendarDate(text) != nil) == exists)
    }

    @Test("only YYYY-MM-DD is read", arguments: ["2026-1-05", "26-01-05", "+026-01-05", "2026-01-05 ", "2026/01/05", "2026-01-5", "", "2026-01-05T00:00"])
    func format(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test("written back as YYYY-MM-DD with leading zeros")
    func description() {
        #expect(CalendarDate(year: 987, month: 3, day: 4)?.description == "0987-03-04")
        #expect(CalendarDate("2026-11-26")?.description == "2026-11-26")
        #expect(CalendarDate("2026-11-26").map { ($0.year, $0.month, $0.day) }! == (2026, 11, 26))
    }
}
