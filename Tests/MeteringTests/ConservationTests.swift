import Metering
import PropertyBased
import Testing
import VillageCore
import VillageStore

/// Energy is conserved: whatever the reading times, wraps and scales, the intervals (plus the
/// unfinished one) add up to exactly the meter's delta, none is negative, and they tile time.
@Suite struct ConservationTests {
    static let widths = [16, 32, 64]

    @Test func intervalsSumToTheCounterDeltaWithWraps() async {
        await propertyCheck(count: 60, input: Gen.uint64(), Gen.int(in: 0...2), Gen.int64(in: 1...900)) {
            seed, width, maxStep in
            let bits = Self.widths[width]
            // 10 kW rated is 2.77 Wh/s; 2 Wh/s per step keeps every delta plausible. Start near the top
            // of the register so that 16- and 32-bit counters wrap.
            let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
            let walk = randomWalk(
                seed: seed, count: 1500, start: seoulMidnight + Int64(seed % 900), startCount: mask - 5_000,
                bits: bits, maxStep: maxStep, maxCountsPerSecond: 2)
            var accumulator = try IntervalAccumulator(configuration: configuration(bits: bits))
            let run = feed(&accumulator, walk.readings)
            let provisional = try #require(accumulator.provisionalInterval)
            let total = run.intervals.reduce(0) { $0 + $1.value } + provisional.value
            #expect(total == Int64(walk.deltaCounts))
            #expect(run.events.isEmpty)
            #expect(run.rejected == 0)
            #expect(run.intervals.allSatisfy { $0.value >= 0 })
            expectContiguous(run.intervals + [provisional], firstReading: walk.readings[0].timestamp)
        }
    }

    @Test func alignedSpanSumsExactlyWithoutProvisionalRemainder() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var walk = randomWalk(
                seed: seed, count: 800, start: seoulMidnight, startCount: 123_456, bits: 32, maxStep: 200,
                maxCountsPerSecond: 2)
            // End exactly on a boundary, after the last reading.
            let last = walk.readings[walk.readings.count - 1]
            let end = (last.timestamp / 900 + 1) * 900
            walk.readings.append(CounterReading(timestamp: end, count: last.count + 1))
            var accumulator = try IntervalAccumulator(configuration: configuration())
            let run = feed(&accumulator, walk.readings)
            #expect(run.intervals.reduce(0) { $0 + $1.value } == Int64(walk.deltaCounts) + 1)
            #expect(run.intervals.last.map { $0.start + 900 } == end)
            #expect(accumulator.provisionalInterval?.value == 0)
            #expect(run.intervals.first?.start == seoulMidnight)
        }
    }

    /// Over any span between two readings that fall on interval boundaries, the intervals in the
    /// span add up to the counter's (unwrapped) delta between those readings.
    @Test func anySpanBetweenBoundaryReadingsSumsToItsDelta() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = SeededGenerator(seed: seed)
            var time = seoulMidnight
            var count: UInt64 = 65_000
            var unwrapped: Int64 = 0
            var stream = [CounterReading(timestamp: time, count: count)]
            var onBoundary: [(time: Int64, unwrapped: Int64)] = [(time, 0)]
            for _ in 0..<1200 {
                let nextBoundary = (time / 900 + 1) * 900
                // Sometimes land exactly on the next boundary, otherwise anywhere up to 20 minutes on.
                time =
                    Int.random(in: 0..<4, using: &rng) == 0
                    ? nextBoundary : time + Int64.random(in: 1...1200, using: &rng)
                let increment = UInt64.random(
                    in: 0...UInt64(2 * (time - stream[stream.count - 1].timestamp)), using: &rng)
                count = (count + increment) & 0xFFFF
                unwrapped += Int64(increment)
                stream.append(CounterReading(timestamp: time, count: count))
                if time % 900 == 0 { onBoundary.append((time, unwrapped)) }
            }
            var accumulator = try IntervalAccumulator(configuration: configuration(bits: 16))
            let run = feed(&accumulator, stream)
            #expect(run.events.isEmpty)
            for _ in 0..<50 {
                let a = Int.random(in: 0..<onBoundary.count, using: &rng)
                let b = Int.random(in: a..<onBoundary.count, using: &rng)
                let span = run.intervals.filter { $0.start >= onBoundary[a].time && $0.start < onBoundary[b].time }
                #expect(span.count == Int((onBoundary[b].time - onBoundary[a].time) / 900))
                #expect(span.reduce(0) { $0 + $1.value } == onBoundary[b].unwrapped - onBoundary[a].unwrapped)
            }
        }
    }

    @Test(arguments: [
        CounterScale(numerator: 10), CounterScale(numerator: 1, denominator: 10),
        CounterScale(numerator: 3, denominator: 7),
    ])
    func scaledCountersConserveBaseUnits(scale: CounterScale) async {
        await propertyCheck(count: 30, input: Gen.uint64()) { seed in
            let walk = randomWalk(
                seed: seed, count: 1000, start: seoulMidnight + 17, startCount: 4_000_000_000, bits: 32, maxStep: 120,
                maxCountsPerSecond: 1)
            // Rated high enough for the largest scale, so that nothing is implausible.
            var accumulator = try IntervalAccumulator(
                configuration: configuration(scale: scale, ratedUnitsPerHour: 100_000))
            let run = feed(&accumulator, walk.readings)
            let provisional = try #require(accumulator.provisionalInterval)
            let expected = Int64(walk.deltaCounts) * scale.numerator / scale.denominator
            #expect(run.intervals.reduce(0) { $0 + $1.value } + provisional.value == expected)
            #expect(run.intervals.allSatisfy { $0.value >= 0 })
            #expect(run.events.isEmpty)
        }
    }

    @Test func deltaIsApportionedLinearlyAcrossTheIntervalsItSpans() throws {
        var accumulator = try IntervalAccumulator(configuration: configuration(measuredGap: 3600))
        // 1,800 Wh between 00:10 and 00:40: 5 min in the first interval, 15 in the second, 10 in the third.
        _ = accumulator.ingest(CounterReading(timestamp: seoulMidnight + 600, count: 1000))
        let result = accumulator.ingest(CounterReading(timestamp: seoulMidnight + 2400, count: 2800))
        #expect(result.intervals.map(\.value) == [300, 900])
        #expect(result.intervals.map(\.start) == [seoulMidnight, seoulMidnight + 900])
        #expect(accumulator.provisionalInterval?.value == 600)
        // The first interval began before the first reading: its start is unknown.
        #expect(result.intervals[0].quality == .missing(gapSeconds: 600))
        #expect(result.intervals[1].quality == .measured)
    }

    @Test func intervalsAlignToSeoulQuarterHours() throws {
        var accumulator = try IntervalAccumulator(configuration: configuration())
        var starts: [Int64] = []
        for step in 0...200 {
            starts += accumulator.ingest(
                CounterReading(timestamp: seoulMidnight + 7 + Int64(step) * 60, count: UInt64(step))
            ).intervals
                .map(\.start)
        }
        #expect(!starts.isEmpty)
        // Local (UTC+9) quarter hours: hh:00, :15, :30, :45 in Seoul.
        #expect(starts.allSatisfy { ($0 + 9 * 3600) % 900 == 0 })
    }

    private func expectContiguous(_ intervals: [IntervalEnergy], firstReading: Int64) {
        guard let first = intervals.first else {
            Issue.record("no intervals")
            return
        }
        #expect(first.start == firstReading - ((firstReading + 9 * 3600) % 900 + 900) % 900)
        for (earlier, later) in zip(intervals, intervals.dropFirst()) where later.start != earlier.start + 900 {
            Issue.record("interval \(later.start) does not follow \(earlier.start)")
            return
        }
    }
}
