import Foundation
import Testing
@testable import AttuneStore

@Suite("SQLite's writers' queue: one at a time; a write is skipped only while the queue is busy")
struct SQLiteWriteGateTests {
    @Test("writers run one at a time, and every one runs")
    func oneAtATimeInOrder() async throws {
        let gate = SQLiteWriteGate()
        let log = Log()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await gate.serialised {
                        await log.enter(index)
                        try await Task.sleep(for: .milliseconds(2))
                        await log.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await log.mostAtOnce == 1)
        #expect(await log.order.sorted() == Array(0..<20))
    }

    @Test("ifFree runs at once when nobody holds the gate, and is skipped (nil) while a writer holds it")
    func ifFreeSkipsWhenBusy() async throws {
        let gate = SQLiteWriteGate()
        #expect(try await gate.ifFree { 1 } == 1)
        // A writer that holds the gate until told to let go, and says when it has it.
        let (held, holdingNow) = AsyncStream.makeStream(of: Void.self)
        let (release, letGo) = AsyncStream.makeStream(of: Void.self)
        let holding = Task {
            try await gate.serialised {
                holdingNow.yield()
                for await _ in release { break }
            }
        }
        for await _ in held { break }
        #expect(try await gate.ifFree { 2 } == nil)
        letGo.yield()
        try await holding.value
        #expect(try await gate.ifFree { 3 } == 3)
    }

    actor Log {
        private(set) var order: [Int] = []
        private(set) var mostAtOnce = 0
        private var inside = 0
        func enter(_ index: Int) { order.append(index); inside += 1; mostAtOnce = max(mostAtOnce, inside) }
        func leave() { inside -= 1 }
    }
}
