/// Dyad ids numbered 0, 1, 2, ... in the order first seen, so that the national analyses keep
/// per-dyad results in flat arrays indexed by number. Each id is hashed once when numbered;
/// String-keyed dictionaries over 780,000 measures and 600,000 attendance rows re-hashed the
/// same ids many times and dominated the evaluation.
struct DyadNumbering {
    /// The id of each number.
    private(set) var ids: [String] = []
    private var numbers: [String: Int] = [:]

    init(capacity: Int) {
        ids.reserveCapacity(capacity)
        numbers.reserveCapacity(capacity)
    }

    var count: Int { ids.count }

    /// The id's number, numbering it if it is new.
    mutating func number(_ id: String) -> Int {
        if let number = numbers[id] { return number }
        ids.append(id)
        numbers[id] = ids.count - 1
        return ids.count - 1
    }

    /// The id's number, or nil if it was never numbered.
    func existing(_ id: String) -> Int? {
        numbers[id]
    }
}

/// Values grouped by a number 0..<groups, stored contiguously (a counting sort): one array for
/// all groups instead of one small array per group. Within a group, values keep the order
/// they were given in.
struct NumberedGroups<Value> {
    private let values: [Value]
    /// Group g is values[starts[g]..<starts[g + 1]].
    private let starts: [Int]

    init(groups: Int, numbers: [Int], values unordered: [Value]) {
        precondition(numbers.count == unordered.count)
        var starts = [Int](repeating: 0, count: groups + 1)
        for number in numbers { starts[number + 1] += 1 }
        for group in 0..<groups { starts[group + 1] += starts[group] }
        var next = starts
        var slots = [Int](repeating: 0, count: unordered.count)
        for (position, number) in numbers.enumerated() {
            slots[next[number]] = position
            next[number] += 1
        }
        values = slots.map { unordered[$0] }
        self.starts = starts
    }

    subscript(group: Int) -> ArraySlice<Value> {
        values[starts[group]..<starts[group + 1]]
    }
}
