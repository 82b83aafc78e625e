/// Work on a national dataset split into parts that run at once, on a task group.
///
/// Only pure work on plain values is split, so running the parts at once changes nothing but the
/// time it takes. Callers are the few places where a national figure has a floor (deriving every
/// profile, writing a national audit); everything else in AttuneCore runs in one go.

/// `work` done on consecutive parts of `items` (`slices`) at once, the results in the order of
/// the parts. More parts than cores (8 by default): a core that finishes its part early takes the
/// next one, so the work stays shared when the other core is slowed by another process on a
/// shared machine.
public func inParts<Item: Sendable, Result: Sendable>(
    _ items: [Item], atLeast: Int = 256, parts: Int = 8, _ work: @escaping @Sendable (ArraySlice<Item>) -> Result
) async -> [Result] {
    let slices = slices(of: items, parts: parts, atLeast: atLeast)
    guard slices.count > 1 else { return slices.map(work) }
    return await withTaskGroup(of: (Int, Result).self) { group in
        for (position, slice) in slices.enumerated() {
            group.addTask { (position, work(slice)) }
        }
        var results = [Result?](repeating: nil, count: slices.count)
        for await (position, result) in group { results[position] = result }
        return results.map { $0! }
    }
}

/// `items` cut into `parts` consecutive slices of about the same size; into one when there are
/// fewer than `atLeast` items (below that, splitting costs more than it saves).
public func slices<Item>(of items: [Item], parts: Int = 8, atLeast: Int = 256) -> [ArraySlice<Item>] {
    guard items.count >= atLeast, parts > 1 else { return [items[...]] }
    return (0..<parts).map { part in
        items[(items.startIndex + items.count * part / parts)..<(items.startIndex + items.count * (part + 1) / parts)]
    }
}
