import Foundation

// The collector against the simulated default village, in one process:
//  (a) throughput: device reads per second with all devices polled concurrently, next to a raw C
//      libmodbus loop reading the same blocks of the same devices, and the collector's read path
//      without the store; the collector runs twice, awaiting each cycle's commit (`poll`) and with
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
        var rawRates: [Double] = []
        var storelessRates: [Double] = []
        var awaitedRates: [Double] = []
        var collectorRates: [Double] = []
        for round in 1...rounds {
            let rawRun = raw.run(cycles: cycles)
            let storeless = try StorelessPoller(village: bench)
            let storelessRun = storeless.run(cycles: cycles)
            storeless.close()
            let awaitedRun = try await CollectorRuns.throughput(bench, cycles: cycles, commits: .awaited)
            let collectorRun = try await CollectorRuns.throughput(bench, cycles: cycles, commits: .overlapped)
            rawRates.append(Double(rawRun.ok) / rawRun.seconds)
            storelessRates.append(Double(storelessRun.ok) / storelessRun.seconds)
            awaitedRates.append(Double(awaitedRun.ok) / awaitedRun.seconds)
            collectorRates.append(Double(collectorRun.ok) / collectorRun.seconds)
            print(
                String(
                    format:
                        "round %d: raw C %.0f reads/s (%d failed), collector without store %.0f reads/s (%d failed), "
                        + "collector awaiting each commit %.0f reads/s (%d failed), "
                        + "collector overlapping commits %.0f reads/s (%d failed, %.0f rows/s stored), ratio %.1f %%",
                    round, rawRates.last!, rawRun.failed, storelessRates.last!, storelessRun.failed,
                    awaitedRates.last!, awaitedRun.failed, collectorRates.last!,
                    collectorRun.failed, Double(collectorRun.rows) / collectorRun.seconds,
                    collectorRates.last! / rawRates.last! * 100))
        }
        print(
            String(
                format: "median: raw C libmodbus %.0f device reads/s, collector without store %.0f (%.1f %% of raw), "
                    + "collector awaiting each commit %.0f (%.1f %%), "
                    + "collector overlapping commits %.0f (%.1f %% of raw; goal ≥ 50 %%)",
                median(rawRates), median(storelessRates), median(storelessRates) / median(rawRates) * 100,
                median(awaitedRates), median(awaitedRates) / median(rawRates) * 100,
                median(collectorRates), median(collectorRates) / median(rawRates) * 100))

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
}
