import AttuneCore
import Foundation
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

    /// Foundation's Gregorian calendar is the reference for moving a date by days. It turns
    /// Julian before October 1582; CalendarDate is Gregorian throughout (proleptic), so the
    /// comparison keeps to later dates.
    @Test("adding days agrees with Foundation's Gregorian calendar, across months, leap days and centuries")
    func addingDays() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SystemRandomNumberGenerator()
        let starts = ["2024-02-28", "2024-02-29", "2023-12-31", "1900-02-28", "2000-02-28", "2100-03-01", "1970-01-01", "1583-01-01"]
            .compactMap(CalendarDate.init)
            + (0..<300).map { _ in CalendarDate(year: Int.random(in: 1600...2400, using: &generator), month: Int.random(in: 1...12, using: &generator),
                                                day: Int.random(in: 1...28, using: &generator))! }
        for start in starts {
            for days in [0, 1, -1, 27, 28, 29, 30, 31, 59, 365, 366, -366, 1_461, 36_524, -36_525, 146_097] + [Int.random(in: -50_000...50_000, using: &generator)] {
                let from = calendar.date(from: DateComponents(year: start.year, month: start.month, day: start.day))!
                let moved = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: days, to: from)!)
                guard let year = moved.year, (1583...9999).contains(year) else { continue }
                let expected = CalendarDate(year: year, month: moved.month!, day: moved.day!)
                #expect(start.adding(days: days) == expected, "\(start) + \(days)")
            }
        }
    }
}
