/// A session's yes/no checks read as one number: each check one digit in base 3 (0 not
/// recorded, 1 yes, 2 no), the first check the lowest digit. The database works the number
/// out as it reads (`sql`), so that a national read gathers and sends one value a session
/// rather than one a check. Seventeen checks need at most 3^17 - 1 = 129,140,162, which
/// PostgreSQL's 32-bit integers hold.
struct SessionChecks {
    private let value: Int

    /// The checks in `value`, nil when it is not a number of `count` base-3 digits.
    init?(_ value: Int?, count: Int) {
        guard let value, value >= 0, count < Self.powers.count, value < Self.powers[count] else { return nil }
        self.value = value
    }

    /// Check `position`: nil when not recorded.
    subscript(position: Int) -> Bool? {
        switch value / Self.powers[position] % 3 {
        case 1: true
        case 2: false
        default: nil
        }
    }

    /// 3^0, 3^1, ... 3^19.
    private static let powers = (0...19).map { (0..<$0).reduce(1) { power, _ in power * 3 } }

    /// The SQL that reads `columns` (booleans, or SQLite's 0 and 1) as one such number.
    static func sql(_ columns: [String]) -> String {
        precondition(columns.count <= 19, "more checks than a 32-bit integer holds in base 3")
        var weight = 1
        var terms: [String] = []
        for column in columns.map(RawSQL.quoted) {
            terms.append("CASE WHEN \(column) IS NULL THEN 0 WHEN \(column) THEN \(weight) ELSE \(2 * weight) END")
            weight *= 3
        }
        return "(" + terms.joined(separator: " + ") + ")"
    }
}
