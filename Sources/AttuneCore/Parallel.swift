import Dispatch
import Synchronization

/// Work split across the two cores Attune's machines have. Only pure work on plain values is
/// split, so running the parts at once changes nothing but the time it takes.

/// Runs two independent pieces of work at once and returns both results.
public func bothAtOnce<First: Sendable, Second: Sendable>(
    _ first: @Sendable () -> First, _ second: @Sendable () -> Second
) -> (First, Second) {
    let results = Mutex<(First?, Second?)>((nil, nil))
    DispatchQueue.concurrentPerform(iterations: 2) { part in
        if part == 0 {
            let result = first()
            results.withLock { $0.0 = result }
        } else {
            let result = second()
            results.withLock { $0.1 = result }
        }
    }
    return results.withLock { ($0.0!, $0.1!) }
}

/// `work` done on the first and the second half of `items` at once, when there are at least
/// `atLeast` items (below that, splitting costs more than it saves); else on all of them, with
/// an empty second half.
public func inTwoHalves<Item: Sendable, Result: Sendable>(
    _ items: [Item], atLeast: Int = 256, _ work: @Sendable (ArraySlice<Item>) -> Result
) -> (Result, Result) {
    guard items.count >= atLeast else { return (work(items[...]), work(items[items.endIndex...])) }
    let middle = items.startIndex + items.count / 2
    return bothAtOnce({ work(items[..<middle]) }, { work(items[middle...]) })
}

/// `work` done on consecutive parts of `items` at once (`slices`), the results in the order
/// of the parts.
/// More parts than cores (8 by default): a core that finishes its part early takes the next
/// one, so the work stays shared when the other core is slowed, say by another process on a
/// shared machine, where two fixed halves would leave one core waiting for the other.
public func inParts<Item: Sendable, Result: Sendable>(
    _ items: [Item], atLeast: Int = 256, parts: Int = 8, _ work: @Sendable (ArraySlice<Item>) -> Result
) -> [Result] {
    let slices = slices(of: items, parts: parts, atLeast: atLeast)
    guard slices.count > 1 else { return slices.map(work) }
    return concurrently(slices.count) { work(slices[$0]) }
}

/// `items` cut into `parts` consecutive slices of about the same size; into one when there are
/// fewer than `atLeast` items (below that, splitting costs more than it saves).
public func slices<Item>(of items: [Item], parts: Int = 8, atLeast: Int = 256) -> [ArraySlice<Item>] {
    guard items.count >= atLeast, parts > 1 else { return [items[...]] }
    return (0..<parts).map { part in
        items[(items.startIndex + items.count * part / parts)..<(items.startIndex + items.count * (part + 1) / parts)]
    }
}

/// `work(0)` to `work(count - 1)` on the machine's cores, each taken by the next free core in
/// order; the results in that order.
public func concurrently<Result: Sendable>(_ count: Int, _ work: @Sendable (Int) -> Result) -> [Result] {
    let results = Mutex<[Result?]>(Array(repeating: nil, count: count))
    DispatchQueue.concurrentPerform(iterations: count) { part in
        let result = work(part)
        results.withLock { $0[part] = result }
    }
    return results.withLock { $0.map { $0! } }
}
