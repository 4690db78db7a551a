import Metering
import PropertyBased
import Testing
import VillageCore
import VillageStore

/// Wraps, meter replacements and implausible jumps: each is handled, recorded, and never yields
/// negative or doubled energy.
@Suite struct FaultTests {
    /// Readings every 60 s from midnight with the given counts.
    private func readings(_ counts: [UInt64], start: Int64 = seoulMidnight, step: Int64 = 60) -> [CounterReading] {
        counts.enumerated().map { CounterReading(timestamp: start + Int64($0.offset) * step, count: $0.element) }
    }

    @Test func aWrapOfASixteenBitRegisterCountsTheDistanceAroundIt() throws {
        var accumulator = try IntervalAccumulator(configuration: configuration(bits: 16))
        let run = feed(&accumulator, readings([65_500, 65_530, 4, 40] + (1...15).map { 40 + UInt64($0) * 10 }))
        #expect(run.events.isEmpty)
        // Up to the reading at 00:15: 65,500 → 65,530 → (wrap) 4 → 40, then 12 × 10.
        let expected: Int64 = 30 + 10 + 36 + 120
        #expect(run.intervals.map(\.value) == [expected])
        #expect(run.intervals.map(\.quality) == [.measured])
    }

    @Test func aBackwardJumpTooLargeForAWrapIsAResetWithAnEvent() throws {
        var accumulator = try IntervalAccumulator(configuration: configuration(bits: 16))
        // 65,530 → 30,000 would be a wrap of 30,006 Wh in 60 s: far beyond 10 kW, so a new meter.
        let run = feed(
            &accumulator, readings([65_500, 65_530, 30_000, 30_020] + (1...30).map { 30_020 + UInt64($0) * 10 }))
        let resets = run.events.filter { $0.kind == .counterReset }
        #expect(resets.count == 1)
        #expect(resets.first?.timestamp == seoulMidnight + 120)
        #expect(run.intervals.allSatisfy { $0.value >= 0 })
        // 30 Wh before the reset, the reset step counts nothing, 20 + 300 after it.
        let total = run.intervals.reduce(0) { $0 + $1.value } + (accumulator.provisionalInterval?.value ?? 0)
        #expect(total == 30 + 20 + 300)
        // The interval holding the reset is not trusted; the next one is.
        #expect(run.intervals.map(\.quality) == [.missing(gapSeconds: 60), .measured])
    }

    @Test func randomMeterReplacementsNeverGiveNegativeOrDoubledEnergy() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            var time = seoulMidnight
            var count: UInt64 = UInt64.random(in: 10_000...1_000_000, using: &rng)
            var stream = [CounterReading(timestamp: time, count: count)]
            var knownEnergy: Int64 = 0
            var resets: [Int64] = []
            for _ in 0..<1500 {
                time += Int64.random(in: 10...90, using: &rng)
                // A meter that reads 0 cannot be replaced by one that starts lower (and an empty
                // range would trap: this crashed a CI run with signal 4).
                if Int.random(in: 0..<100, using: &rng) == 0 && count > 0 {
                    // A new meter that starts lower than the old one stopped.
                    count = UInt64.random(in: 0..<min(count, 5_000), using: &rng)
                    resets.append(time)
                } else {
                    let increment = UInt64.random(in: 0...2 * 10, using: &rng)
                    count += increment
                    knownEnergy += Int64(increment)
                }
                stream.append(CounterReading(timestamp: time, count: count))
            }
            var accumulator = try IntervalAccumulator(configuration: configuration())
            let run = feed(&accumulator, stream)
            let total = run.intervals.reduce(0) { $0 + $1.value } + (accumulator.provisionalInterval?.value ?? 0)
            #expect(total == knownEnergy)
            #expect(run.intervals.allSatisfy { $0.value >= 0 })
            #expect(run.events.filter { $0.kind == .counterReset }.map(\.timestamp) == resets)
            // Every interval that a reset falls into is flagged missing.
            for reset in resets {
                let holding = run.intervals.first { $0.start < reset && reset <= $0.start + 900 }
                if let holding { #expect(holding.quality.rank == 0) }
            }
        }
    }

    @Test func anImplausibleSpikeIsRejectedRecordedAndNotCounted() throws {
        // 3.6 kW rated: at most 1 Wh/s (+10 %).
        var accumulator = try IntervalAccumulator(configuration: configuration(ratedUnitsPerHour: 3600))
        let spike = accumulator.ingest(CounterReading(timestamp: seoulMidnight, count: 0))
        #expect(spike.disposition == .accepted)
        _ = accumulator.ingest(CounterReading(timestamp: seoulMidnight + 60, count: 60))
        let rejected = accumulator.ingest(CounterReading(timestamp: seoulMidnight + 120, count: 100_000))
        #expect(rejected.disposition == .rejected)
        #expect(rejected.events.map(\.kind) == [.rejectedValue])
        let next = accumulator.ingest(CounterReading(timestamp: seoulMidnight + 180, count: 180))
        #expect(next.disposition == .accepted)
        #expect(next.events.isEmpty)
        #expect(accumulator.provisionalInterval?.value == 180)
        #expect(accumulator.provisionalInterval?.quality == .measured)
    }

    @Test func theRatedLimitIsTheBoundaryOfPlausibility() throws {
        // 3.6 kW + 10 % over 100 s is 110 Wh, plus one count of resolution.
        var accumulator = try IntervalAccumulator(configuration: configuration(ratedUnitsPerHour: 3600))
        _ = accumulator.ingest(CounterReading(timestamp: seoulMidnight, count: 0))
        #expect(accumulator.ingest(CounterReading(timestamp: seoulMidnight + 100, count: 111)).disposition == .accepted)
        #expect(accumulator.ingest(CounterReading(timestamp: seoulMidnight + 200, count: 223)).disposition == .rejected)
    }

    @Test func aForwardJumpConfirmedByTheNextReadingIsANewMeter() throws {
        var accumulator = try IntervalAccumulator(configuration: configuration(ratedUnitsPerHour: 3600))
        let run = feed(&accumulator, readings([0, 60, 1_000_000, 1_000_060, 1_000_120]))
        #expect(run.rejected == 1)
        #expect(run.events.map(\.kind) == [.rejectedValue, .counterReset])
        #expect(run.events.last?.timestamp == seoulMidnight + 120)
        // 60 before, nothing across the jump, 120 after: the million is never counted.
        #expect(accumulator.provisionalInterval?.value == 180)
        #expect(accumulator.provisionalInterval?.quality == .missing(gapSeconds: 60))
    }

    @Test func outOfOrderAndDuplicateReadings() throws {
        var accumulator = try IntervalAccumulator(configuration: configuration())
        _ = accumulator.ingest(CounterReading(timestamp: seoulMidnight + 60, count: 10))
        #expect(accumulator.ingest(CounterReading(timestamp: seoulMidnight + 60, count: 10)).disposition == .duplicate)
        let earlier = accumulator.ingest(CounterReading(timestamp: seoulMidnight + 30, count: 5))
        #expect(earlier.disposition == .rejected)
        #expect(earlier.events.map(\.kind) == [.rejectedValue])
        let conflicting = accumulator.ingest(CounterReading(timestamp: seoulMidnight + 60, count: 11))
        #expect(conflicting.disposition == .rejected)
        #expect(accumulator.lastTimestamp == seoulMidnight + 60)
    }

    @Test func aValueWiderThanTheRegisterIsRejected() throws {
        var accumulator = try IntervalAccumulator(configuration: configuration(bits: 16))
        let result = accumulator.ingest(CounterReading(timestamp: seoulMidnight, count: 70_000))
        #expect(result.disposition == .rejected)
        #expect(accumulator.lastTimestamp == nil)
    }
}
