import Metering
import Testing
import VillageCore
import VillageStore

/// Levels (state of charge, tank heat) become the level at each interval's end, flagged by the gap
/// around that instant.
@Suite struct LevelSamplerTests {
    private let settings = CounterConfiguration(
        deviceId: "ess", channel: .essStateOfCharge, owner: .plant("ess"), ratedUnitsPerHour: 180_000)

    @Test func theLevelAtEachIntervalEndIsInterpolated() throws {
        var sampler = try LevelSampler(configuration: settings)
        // Charging at 100 Wh/min from 200 kWh, read every 60 s starting 00:00:30.
        var intervals: [IntervalEnergy] = []
        for minute in 0..<46 {
            let time = seoulMidnight + 30 + Int64(minute) * 60
            let completed = sampler.ingest(timestamp: time, value: 200_000 + Int64(minute) * 100)
            intervals += try #require(completed)
        }
        #expect(intervals.map(\.start) == [seoulMidnight, seoulMidnight + 900, seoulMidnight + 1800])
        // At 00:15 the level is 200,000 + 14.5 × 100.
        #expect(intervals.map(\.value) == [201_450, 202_950, 204_450])
        #expect(intervals.allSatisfy { $0.quality == .measured })
    }

    @Test func aGapAroundAnIntervalEndIsFlagged() throws {
        var sampler = try LevelSampler(configuration: settings)
        _ = sampler.ingest(timestamp: seoulMidnight + 600, value: 100_000)
        let estimated = sampler.ingest(timestamp: seoulMidnight + 1200, value: 160_000)
        #expect(
            estimated == [
                IntervalEnergy(
                    owner: .plant("ess"), channel: .essStateOfCharge, start: seoulMidnight, value: 130_000,
                    quality: .estimated(gapSeconds: 600))
            ])
        let missing = try #require(
            sampler.ingest(timestamp: seoulMidnight + 1200 + 7200, value: 100_000) as [IntervalEnergy]?)
        #expect(missing.count == 8)
        #expect(missing.allSatisfy { $0.quality == .missing(gapSeconds: 7200) })
        #expect(sampler.ingest(timestamp: seoulMidnight, value: 5) == nil)
    }

    @Test func aRestoredSamplerContinuesIdentically() throws {
        var rng = SeededGenerator(seed: 7)
        var time = seoulMidnight
        let readings: [(Int64, Int64)] = (0..<500).map { _ in
            time += Int64.random(in: 10...600, using: &rng)
            return (time, Int64.random(in: 0...400_000, using: &rng))
        }
        var straight = try LevelSampler(configuration: settings)
        let expected = readings.flatMap { straight.ingest(timestamp: $0.0, value: $0.1) ?? [] }
        var first = try LevelSampler(configuration: settings)
        var got = readings[..<200].flatMap { first.ingest(timestamp: $0.0, value: $0.1) ?? [] }
        var second = try LevelSampler(configuration: settings, checkpoint: first.checkpoint())
        got += readings[200...].flatMap { second.ingest(timestamp: $0.0, value: $0.1) ?? [] }
        #expect(got == expected)
        #expect(Set(got.map(\.start)).count == got.count)
    }
}
