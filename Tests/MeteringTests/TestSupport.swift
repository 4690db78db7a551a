import Metering
import VillageCore
import VillageStore

/// Midnight in Asia/Seoul (a quarter-hour boundary), in UTC Unix seconds.
let seoulMidnight: Int64 = 1_795_964_400

func configuration(
    bits: Int = 32, scale: CounterScale = .one, ratedUnitsPerHour: Int64 = 10_000, measuredGap: Int64 = 120,
    maxGap: Int64 = 3600
) -> CounterConfiguration {
    CounterConfiguration(
        deviceId: "101-elec", channel: .energyImport, owner: .household("101"), registerBits: bits,
        unitsPerCount: scale, ratedUnitsPerHour: ratedUnitsPerHour, measuredGapSeconds: measuredGap,
        maxEstimatedGapSeconds: maxGap)
}

/// Everything an accumulator emitted over a run.
struct Run {
    var intervals: [IntervalEnergy] = []
    var events: [DeviceEvent] = []
    var rejected = 0
}

func feed(_ accumulator: inout IntervalAccumulator, _ readings: [CounterReading]) -> Run {
    var run = Run()
    for reading in readings {
        let result = accumulator.ingest(reading)
        run.intervals += result.intervals
        run.events += result.events
        if result.disposition == .rejected { run.rejected += 1 }
    }
    return run
}

/// A random plausible counter walk: steps of 1...maxStep seconds, each adding at most what
/// `ratedUnitsPerHour` allows (in counts), wrapping at the register width. Returns the readings
/// and the true unwrapped delta in counts.
func randomWalk(
    seed: UInt64, count: Int, start: Int64, startCount: UInt64, bits: Int, maxStep: Int64,
    maxCountsPerSecond: UInt64
) -> (readings: [CounterReading], deltaCounts: UInt64) {
    var rng = SeededGenerator(seed: seed)
    let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
    var time = start
    var value = startCount & mask
    var total: UInt64 = 0
    var readings = [CounterReading(timestamp: time, count: value)]
    for _ in 1..<count {
        let step = Int64.random(in: 1...maxStep, using: &rng)
        let increment = UInt64.random(in: 0...(maxCountsPerSecond * UInt64(step)), using: &rng)
        time += step
        value = (value &+ increment) & mask
        total += increment
        readings.append(CounterReading(timestamp: time, count: value))
    }
    return (readings, total)
}
