import FirmwareSim
import Foundation
import Metering

/// CPU time of this process (user + system) from getrusage.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The village at real-time speed, with and without the collector polling every device once per
/// wall-clock second: CPU time over wall time, in percent of one core.
enum RealTimeCPU {
    struct Measurement {
        var cpuSeconds: Double
        var wallSeconds: Double
        var polls = 0
        var failedReads = 0
        var percentOfCore: Double { cpuSeconds / wallSeconds * 100 }
    }

    /// The simulator alone, driven by `run(mode: .realTime)`, for `seconds` of wall time.
    static func simulatorAlone(_ bench: BenchVillage, seconds: Int) async throws -> Measurement {
        let clock = ContinuousClock()
        let village = bench.village
        let driver = Task { try await village.run(mode: .realTime, clock: clock) }
        defer { driver.cancel() }
        try await clock.sleep(for: .seconds(1))
        let cpu0 = processCPUSeconds()
        let wall0 = clock.now
        try await clock.sleep(until: wall0 + .seconds(seconds))
        return Measurement(cpuSeconds: processCPUSeconds() - cpu0, wallSeconds: (clock.now - wall0).seconds)
    }

    /// The simulator as above plus the collector polling every device once per second, storing to
    /// a temporary database.
    static func withCollector(_ bench: BenchVillage, seconds: Int) async throws -> Measurement {
        let clock = ContinuousClock()
        let village = bench.village
        let driver = Task { try await village.run(mode: .realTime, clock: clock) }
        defer { driver.cancel() }
        let database = CollectorRuns.temporaryDatabase()
        defer { CollectorRuns.removeDatabase(database) }
        let collector = try CollectorRuns.makeCollector(bench, database: database, pollIntervalSeconds: 1)
        try await collector.poll(at: village.host.now, all: true)
        try await clock.sleep(for: .seconds(1))
        let cpu0 = processCPUSeconds()
        let wall0 = clock.now
        var measurement = Measurement(cpuSeconds: 0, wallSeconds: 0)
        // The collector's timestamps are wall-clock seconds after the simulated start, so that
        // consecutive polls are one second apart even when the simulator's clock moves in minutes.
        let timestamp0 = village.host.now + 1
        for second in 1...seconds {
            try await clock.sleep(until: wall0 + .seconds(second))
            let summary = try await collector.poll(at: timestamp0 + Int64(second), all: true)
            measurement.polls += 1
            measurement.failedReads += summary.failed
        }
        measurement.cpuSeconds = processCPUSeconds() - cpu0
        measurement.wallSeconds = (clock.now - wall0).seconds
        await collector.shutdown()
        return measurement
    }
}
