import Metering
import Testing
import VillageCore
import VillageStore

/// A gap in the readings makes the intervals whose boundaries fall inside it `estimated`, with the
/// gap's length, however long the gap (a day's outage included); everything else stays `measured`.
@Suite struct GapTests {
    struct Case: Sendable, CustomStringConvertible {
        var gapSeconds: Int64
        var expected: IntervalQuality?  // nil: every interval measured
        var description: String { "gap \(gapSeconds) s" }
    }

    @Test(arguments: [
        Case(gapSeconds: 120, expected: nil),
        Case(gapSeconds: 600, expected: .estimated(gapSeconds: 600)),
        Case(gapSeconds: 1860, expected: .estimated(gapSeconds: 1860)),
        Case(gapSeconds: 3600, expected: .estimated(gapSeconds: 3600)),
        Case(gapSeconds: 3660, expected: .estimated(gapSeconds: 3660)),
        Case(gapSeconds: 7260, expected: .estimated(gapSeconds: 7260)),
        Case(gapSeconds: 26 * 3600, expected: .estimated(gapSeconds: 26 * 3600)),
    ])
    func boundariesInsideAGapFollowTheRule(_ gapCase: Case) throws {
        // Polls every 60 s for 4 h at 1 Wh/s; the readings strictly between 00:55 and 00:55 + gap are lost.
        let gapStart = seoulMidnight + 3300
        let gapEnd = gapStart + gapCase.gapSeconds
        // Four hours, or an hour past the gap's end when it is longer.
        let end = max(seoulMidnight + 4 * 3600, (gapEnd + 3600) / 900 * 900)
        var accumulator = try IntervalAccumulator(configuration: configuration())
        var intervals: [IntervalEnergy] = []
        for time in stride(from: seoulMidnight, through: end, by: 60) where time <= gapStart || time >= gapEnd {
            intervals +=
                accumulator.ingest(CounterReading(timestamp: time, count: UInt64(time - seoulMidnight))).intervals
        }
        #expect(intervals.count == Int((end - seoulMidnight) / 900))
        for interval in intervals {
            let end = interval.start + 900
            let touched = (gapStart < interval.start && interval.start < gapEnd) || (gapStart < end && end < gapEnd)
            let expected = touched ? (gapCase.expected ?? .measured) : .measured
            #expect(interval.quality == expected, "interval at +\(interval.start - seoulMidnight) s")
            // Constant load: interpolation across the gap is exact here, so the values show it is linear.
            #expect(interval.value == 900)
        }
        if gapCase.expected != nil {
            #expect(intervals.contains { $0.quality != .measured })
        }
    }

    @Test func aMeasuredIntervalNeverHasABoundaryInsideALongerGap() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<50 {
            var accumulator = try IntervalAccumulator(configuration: configuration())
            var time = seoulMidnight
            var count: UInt64 = 0
            var times: [Int64] = []
            var intervals: [IntervalEnergy] = []
            for _ in 0..<400 {
                time +=
                    Bool.random(using: &rng)
                    ? Int64.random(in: 1...120, using: &rng) : Int64.random(in: 1...4000, using: &rng)
                count += UInt64.random(in: 0...2, using: &rng)
                times.append(time)
                intervals += accumulator.ingest(CounterReading(timestamp: time, count: count)).intervals
            }
            for interval in intervals.dropFirst() {
                for boundary in [interval.start, interval.start + 900] {
                    let before = try #require(times.last { $0 <= boundary })
                    let after = try #require(times.first { $0 >= boundary })
                    let gap = after - before
                    if gap > 120 {
                        #expect(interval.quality != .measured, "boundary \(boundary) in a gap of \(gap) s")
                    }
                    if gap > 120 {
                        // Estimated across any gap length (no reset here), with at least this gap's length.
                        #expect(interval.quality.rank == 1 && (interval.quality.gapSeconds ?? 0) >= gap)
                    }
                }
            }
        }
    }
}
