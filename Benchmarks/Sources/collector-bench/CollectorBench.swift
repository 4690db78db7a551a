import Foundation

// The collector against the simulated default village, in one process:
//  (a) throughput: device reads per second, process CPU and context switches per read, with all
//      devices polled concurrently, next to a raw C libmodbus loop reading the same blocks of the
//      same devices, and the collector's read path (pipeline and decoding) without recording or
//      the store; the collector runs twice, awaiting each cycle's commit (`poll`) and with
//      each commit overlapping the next cycle's reads (`pollOverlappingCommit`, as the daemon
//      polls); rounds alternate so machine noise hits all four alike;
//  (b) CPU: the simulator at real-time speed alone, then with the collector polling every device
//      once per second; getrusage user+sys over wall time, in % of one core.
//
// usage: collector-bench [cycles per round] [rounds] [real-time seconds]   (defaults 200 3 30)

@main
struct CollectorBench {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let cycles = arguments.first ?? 200
        let rounds = arguments.dropFirst().first ?? 3
        let realTimeSeconds = arguments.dropFirst(2).first ?? 30

        let bench = try BenchVillage()
        let raw = try RawBaseline(village: bench)
        print(
            "Collector throughput, default village: \(raw.deviceCount) devices on \(raw.connections.count) connections, "
                + "\(raw.requestCount) requests per cycle, \(cycles) cycles × \(rounds) rounds, release build")
        var rawRuns: [ThroughputRun] = []
        var storelessRuns: [ThroughputRun] = []
        var awaitedRuns: [ThroughputRun] = []
        var collectorRuns: [ThroughputRun] = []
        for round in 1...rounds {
            let rawRun = raw.run(cycles: cycles)
            let storelessRun = try await StorelessPoller.run(bench, cycles: cycles)
            let awaitedRun = try await CollectorRuns.throughput(bench, cycles: cycles, commits: .awaited)
            let collectorRun = try await CollectorRuns.throughput(bench, cycles: cycles, commits: .overlapped)
            rawRuns.append(rawRun)
            storelessRuns.append(storelessRun)
            awaitedRuns.append(awaitedRun)
            collectorRuns.append(collectorRun)
            print("round \(round), load average \(loadAverage()):")
            for (name, run) in [
                ("raw C libmodbus", rawRun), ("collector's reads, no store", storelessRun),
                ("collector awaiting each commit", awaitedRun), ("collector overlapping commits", collectorRun),
            ] {
                print(
                    "  \(name): "
                        + String(
                            format: "%.0f reads/s (%d failed), %.1f µs CPU/read, %.2f context switches/read",
                            run.readsPerSecond, run.failed, run.cpuMicrosecondsPerRead, run.switchesPerRead))
            }
            print(
                String(
                    format: "  collector overlapping commits: %.0f rows/s stored; ratio to raw %.1f %% (reads/s), "
                        + "raw's CPU/read over the collector's %.1f %%",
                    Double(collectorRun.rows) / collectorRun.seconds,
                    collectorRun.readsPerSecond / rawRun.readsPerSecond * 100,
                    rawRun.cpuMicrosecondsPerRead / collectorRun.cpuMicrosecondsPerRead * 100))
        }
        func medianRate(_ runs: [ThroughputRun]) -> Double { median(runs.map(\.readsPerSecond)) }
        func medianCPU(_ runs: [ThroughputRun]) -> Double { median(runs.map(\.cpuMicrosecondsPerRead)) }
        let rawRate = medianRate(rawRuns)
        print(
            String(
                format: "median: raw C libmodbus %.0f device reads/s, collector without store %.0f (%.1f %% of raw), "
                    + "collector awaiting each commit %.0f (%.1f %%), "
                    + "collector overlapping commits %.0f (%.1f %% of raw; goal ≥ 50 %%)",
                rawRate, medianRate(storelessRuns), medianRate(storelessRuns) / rawRate * 100,
                medianRate(awaitedRuns), medianRate(awaitedRuns) / rawRate * 100,
                medianRate(collectorRuns), medianRate(collectorRuns) / rawRate * 100))
        print(
            String(
                format: "median process CPU per device read (simulator serving included alike): raw C %.1f µs, "
                    + "collector without store %.1f µs, awaiting each commit %.1f µs, overlapping commits %.1f µs "
                    + "(raw's over the collector's %.1f %%)",
                medianCPU(rawRuns), medianCPU(storelessRuns), medianCPU(awaitedRuns), medianCPU(collectorRuns),
                medianCPU(rawRuns) / medianCPU(collectorRuns) * 100))

        print("\nCPU to poll the village once per second, \(realTimeSeconds) s of wall time × \(rounds) rounds")
        var simulatorPercents: [Double] = []
        var totalPercents: [Double] = []
        for round in 1...rounds {
            let alone = try await RealTimeCPU.simulatorAlone(bench, seconds: realTimeSeconds)
            let both = try await RealTimeCPU.withCollector(bench, seconds: realTimeSeconds)
            simulatorPercents.append(alone.percentOfCore)
            totalPercents.append(both.percentOfCore)
            print(
                String(
                    format:
                        "round %d: simulator alone %.2f %% of a core; simulator + collector %.2f %% (%d polls, %d failed reads); "
                        + "collector %.2f %%",
                    round, alone.percentOfCore, both.percentOfCore, both.polls, both.failedReads,
                    both.percentOfCore - alone.percentOfCore))
        }
        let collectorPercents = zip(totalPercents, simulatorPercents).map { $0 - $1 }
        print(
            String(
                format:
                    "median: simulator alone %.2f %%, simulator + collector %.2f %%, collector (difference) %.2f %% "
                    + "of one core (goal < 10 %%)",
                median(simulatorPercents), median(totalPercents), median(collectorPercents)))
        bench.village.stop()
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// The 1, 5 and 15 minute load averages: the ratio means little on a busy machine.
    static func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 3)
        guard getloadavg(&loads, 3) == 3 else { return "unknown" }
        return loads.map { String(format: "%.2f", $0) }.joined(separator: " ")
    }
}
