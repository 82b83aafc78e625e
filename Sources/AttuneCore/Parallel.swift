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
