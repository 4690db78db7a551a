import Testing
import VillageStore

/// Outdoor temperature readings become per-interval means that outlive the raw readings: each new
/// reading counts once, a replayed batch changes nothing, and several sensors are averaged.
@Suite struct OutdoorTemperatureTests {
    static func reading(_ device: String, _ offset: Int64, _ celsius: Double, quality: ReadingQuality = .good)
        -> RawReading
    {
        RawReading(
            deviceId: device, channel: .outdoorTemperature, timestamp: seoulMidnight + offset, value: .real(celsius),
            quality: quality)
    }

    @Test func readingsBecomeTheMeanMinimumAndMaximumOfTheirInterval() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        // Three readings in the first interval (one on its start), one on the next interval's start,
        // and one the device flagged as unreliable, which counts for nothing.
        let batch = [
            Self.reading("ess", 0, -2.0), Self.reading("ess", 300, -1.0), Self.reading("ess", 899, 0.5),
            Self.reading("ess", 900, 3.0), Self.reading("ess", 600, 40, quality: .uncertain),
        ]
        try await store.record(readings: batch)
        let intervals = try await store.outdoorTemperatureIntervals(from: seoulMidnight, to: seoulMidnight + 1800)
        #expect(intervals.count == 2)
        let first = try #require(intervals.first)
        #expect(first.start == seoulMidnight)
        #expect(first.samples == 3)
        #expect(abs(first.meanCelsius - (-2.5 / 3)) < 1e-9)
        #expect(first.minCelsius == -2.0 && first.maxCelsius == 0.5)
        #expect(intervals.last?.start == seoulMidnight + 900 && intervals.last?.meanCelsius == 3.0)

        // The same batch again (a commit replayed after a crash) is not counted twice.
        let replay = try await store.record(readings: batch)
        #expect(replay.readingsInserted == 0)
        #expect(try await store.outdoorTemperatureIntervals(from: seoulMidnight, to: seoulMidnight + 1800) == intervals)

        // A later reading in the same interval (a collector restarted mid-interval) joins the sums.
        try await store.record(readings: [Self.reading("ess", 850, 1.5)])
        let means = try await store.outdoorTemperatures(from: seoulMidnight, to: seoulMidnight + 900)
        #expect(abs((means[seoulMidnight] ?? .nan) - (-1.0 / 4)) < 1e-9)
    }

    @Test func severalSensorsAreAveragedAndTheMeansOutliveTheRawReadings() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        try await store.record(readings: [
            Self.reading("ess", 60, 10), Self.reading("ess", 120, 12), Self.reading("101-elec", 90, 14),
        ])
        let means = try await store.outdoorTemperatures(from: .min, to: .max)
        #expect(means == [seoulMidnight: 12])
        #expect(try await store.pruneExpiredReadings(now: seoulMidnight + 91 * 86_400) == 3)
        #expect(try await store.outdoorTemperatures(from: .min, to: .max) == means)
        // Other channels' readings are not temperatures.
        try await store.record(readings: [
            RawReading(deviceId: "ess", channel: "ess.power", timestamp: seoulMidnight + 30, value: .real(-500))
        ])
        #expect(try await store.outdoorTemperatures(from: .min, to: .max) == means)
    }
}
