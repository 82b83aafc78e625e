/// Average ranks (1-based), ties sharing the mean of their positions, and the tie-group sizes.
enum Ranks {
    static func average(_ values: [Double]) -> (ranks: [Double], tieGroups: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = Array(repeating: 0.0, count: values.count)
        var groups: [Int] = []
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end + 2) / 2
            for position in start...end { ranks[order[position]] = rank }
            groups.append(end - start + 1)
            start = end + 1
        }
        return (ranks, groups)
    }
}
