import AttuneCore
import Foundation

// Benchmark of the evaluation analyses on a synthetic dataset held in memory. Build and run
// with a release build:  swift run -c release attune-benchmark [centres] [repetitions]
// The default, 3,000 centres of 4 programmes with 10 dyads each, is 12,000 programmes and
// 120,000 dyads. Figures print as they are measured; BENCHMARKS.md records them.

func seconds(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024 // kilobytes on Linux
}

let arguments = CommandLine.arguments.dropFirst().compactMap(Int.init)
let centres = arguments.first ?? 3_000
let repetitions = arguments.dropFirst().first ?? 5

var clock = ContinuousClock.now
let document = SyntheticEvidence.make(centres: centres, seed: 20261126)
print(String(format: "dataset: %d programmes, %d sessions, %d dyads, %d attendance rows, %d measures (generated in %.2f s)",
             document.programmes.count, document.sessions.count, document.dyads.count, document.attendance.count,
             document.measurements.count, seconds(clock)))

let rubric = try Rubric.standard()
var timings: [Double] = []
var evaluation: Evaluation?
for run in 1...repetitions {
    clock = ContinuousClock.now
    evaluation = Evaluation(title: "benchmark", document: document, rubric: rubric)
    timings.append(seconds(clock))
    print(String(format: "run %d: all analyses in %.3f s", run, timings.last!))
}
let sorted = timings.sorted()
print(String(format: "analyses: best %.3f s, median %.3f s over %d runs; peak memory %.0f MiB",
             sorted[0], sorted[sorted.count / 2], repetitions, peakMemoryMiB()))
if let evaluation, let correlation = evaluation.needVersusProvision.correlation.value {
    print(String(format: "check: need-provision rho %.3f over %d programmes; %d inverse-care programmes", correlation.coefficient,
                 correlation.n, evaluation.needVersusProvision.inverseCare.count))
}

// The audit's work after its reads: profiles with need against provision, then the text.
let need = DyadMeasures.needs(in: document).mapValues(\.level)
for run in 1...repetitions {
    clock = ContinuousClock.now
    let report = AuditReport(title: "benchmark", document: document, rubric: rubric, needByDyad: need)
    let profiled = seconds(clock)
    clock = ContinuousClock.now
    let text = await report.render(.text)
    print(String(format: "run %d: audit profiles %.3f s, text %.3f s (%.1f MB)", run, profiled, seconds(clock),
                 Double(text.utf8.count) / 1e6))
}
