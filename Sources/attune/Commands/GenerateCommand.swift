import ArgumentParser
import AttuneCore
import AttuneStore
import Foundation
import Logging

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic national dataset into a new database, for load tests and benchmarks.",
        discussion: """
            Each centre gets 4 programmes of 4-6 sessions, 3 facilitators with a mix of training, and 10 dyads per \
            programme with invitations, attendance and before/after measures. The same seed gives the same dataset. \
            The database must hold no centres or programmes yet.
            """)

    @Option(help: "How many centres (1-20000).") var centres: Int
    @Option(help: "The random seed; the same seed gives the same dataset.") var seed: UInt64 = 1
    @Flag(help: "Give every mother a name and her baby a first name (by default they have none).") var names = false
    @OptionGroup var databaseOptions: DatabaseOptions

    func validate() throws {
        guard (1...20_000).contains(centres) else { throw ValidationError("--centres \(centres) is outside 1-20000.") }
    }

    func run() async throws {
        let location = try databaseOptions.location()
        let clock = ContinuousClock.now
        FileHandle.standardError.write(Data("Generating \(centres) centres (seed \(seed))...\n".utf8))
        let made = SyntheticEvidence.make(centres: centres, seed: seed)
        let document = names ? SyntheticEvidence.named(made) : made
        let total = EvidenceStore.rowCount(of: document)
        let bar = ProgressBar(total: total)
        try await StoreSession.with(location, mustExist: false, logger: Logger(label: "attune.generate")) { db in
            try await EvidenceStore.saveIntoEmptyDatabase(document, progress: { bar.advance(by: $0) }, on: db)
            let seconds = Self.seconds(since: clock)
            let written = bar.finish()
            print(String(format: "Wrote %@ rows (%d programmes, %d sessions, %d dyads, %d attendance, %d measures) to %@ in %.1f s: %@ rows/s.",
                         NumberText.grouped(written), document.programmes.count, document.sessions.count, document.dyads.count,
                         document.attendance.count, document.measurements.count, location.displayName, seconds,
                         NumberText.grouped(Int(Double(written) / max(seconds, 0.001)))))
            guard !location.isSQLite else { return }
            let settling = ContinuousClock.now
            try await EvidenceStore.settleAfterLoad(on: db)
            print(String(format: "Vacuumed and analysed for reading in %.1f s.", Self.seconds(since: settling)))
        }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = (ContinuousClock.now - start).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }
}

/// A progress bar on standard error: redrawn in place on a terminal, a line per tenth otherwise.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let lock = NSLock()
    private var written = 0
    private var lastDrawn = Date.distantPast
    private var lastTenth = -1
    private let started = Date()
    private let interactive = isatty(STDERR_FILENO) != 0

    init(total: Int) { self.total = max(total, 1) }

    func advance(by rows: Int) {
        lock.lock(); defer { lock.unlock() }
        written += rows
        let share = min(1, Double(written) / Double(total))
        if interactive {
            guard Date().timeIntervalSince(lastDrawn) > 0.2 || written >= total else { return }
            lastDrawn = Date()
            let filled = Int(share * 30)
            let rate = Double(written) / max(Date().timeIntervalSince(started), 0.001)
            let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled) + "] "
                + String(format: "%3.0f%%  %@ of %@ rows  %@ rows/s ", share * 100, NumberText.grouped(written), NumberText.grouped(total), NumberText.grouped(Int(rate)))
            FileHandle.standardError.write(Data(line.utf8))
        } else if Int(share * 10) > lastTenth {
            lastTenth = Int(share * 10)
            FileHandle.standardError.write(Data("\(lastTenth * 10)% (\(NumberText.grouped(written)) rows)\n".utf8))
        }
    }

    /// Ends the bar's line; returns the rows written.
    func finish() -> Int {
        lock.lock(); defer { lock.unlock() }
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
        return written
    }
}
