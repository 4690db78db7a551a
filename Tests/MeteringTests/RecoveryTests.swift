import Foundation
import Metering
import PropertyBased
import Testing
import VillageCore
import VillageStore

/// The accumulator and the store together, as a collector uses them: a crash between storing
/// readings and storing their intervals, followed by a restart, loses nothing and counts nothing twice.
@Suite struct RecoveryTests {
    private static let site = SiteRecord(id: "eco-delta", name: "Eco Delta")
    private static let device = DeviceRecord(
        id: "101-elec", householdId: "101", kind: "electricity-meter", profile: "generic")

    private func openStore(_ directory: URL) async throws -> VillageStore {
        let store = try VillageStore(path: directory.appendingPathComponent("village.sqlite").path)
        try await store.register(site: Self.site, households: [HouseholdRecord(unitId: "101")], devices: [Self.device])
        return store
    }

    private func stream(seed: UInt64) -> [CounterReading] {
        var rng = SeededGenerator(seed: seed)
        var time = seoulMidnight + Int64.random(in: 0..<900, using: &rng)
        var count: UInt64 = 4_294_960_000  // near the top of 32 bits: it wraps
        var readings: [CounterReading] = []
        for _ in 0..<900 {
            time += Int64.random(in: 20...90, using: &rng)
            if Int.random(in: 0..<40, using: &rng) == 0 { time += Int64.random(in: 600...5000, using: &rng) }  // outage
            count = (count &+ UInt64.random(in: 0...100, using: &rng)) & 0xFFFF_FFFF
            readings.append(CounterReading(timestamp: time, count: count))
        }
        return readings
    }

    /// One collector cycle: store the readings, feed them, commit intervals, events and the checkpoint.
    private func cycle(_ readings: ArraySlice<CounterReading>, _ accumulator: inout IntervalAccumulator)
        -> MeteringBatch
    {
        var batch = MeteringBatch()
        for reading in readings {
            let result = accumulator.ingest(reading)
            batch.readings.append(
                RawReading(
                    deviceId: Self.device.id, channel: .energyImport, timestamp: reading.timestamp,
                    value: .integer(accumulator.configuration.baseUnits(ofCount: reading.count)),
                    quality: result.disposition == .rejected ? .rejected : .good))
            batch.intervals += result.intervals
            batch.events += result.events
        }
        batch.checkpoints = [accumulator.checkpoint()]
        return batch
    }

    @Test func aCrashBetweenReadingsAndIntervalsLosesNothingAndDuplicatesNothing() async {
        await propertyCheck(count: 12, input: Gen.uint64(), Gen.int(in: 1...80)) { seed, crashCycle in
            let readings = stream(seed: seed)
            let settings = configuration()
            let cycles = stride(from: 0, to: readings.count, by: 10).map { readings[$0..<min($0 + 10, readings.count)] }

            // The reference: one uninterrupted run.
            var straight = try IntervalAccumulator(configuration: settings)
            let expected = feed(&straight, readings).intervals

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "recovery-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                let store = try await openStore(directory)
                var accumulator = try IntervalAccumulator(configuration: settings)
                for (index, slice) in cycles.enumerated() {
                    let batch = cycle(slice, &accumulator)
                    if index == crashCycle {
                        // The crash: this cycle's readings reached the store, its intervals did not.
                        try await store.record(readings: batch.readings)
                        break
                    }
                    try await store.commit(batch)
                }
            }
            // Restart: a new store handle and an accumulator rebuilt from the store only.
            let store = try await openStore(directory)
            var recovery = try await IntervalAccumulator.recover(configuration: settings, from: store)
            try await store.commit(recovery.batch)
            // Committing the catch-up again (a second crash right after it) changes nothing.
            #expect(try await store.commit(recovery.batch).intervalsChanged == 0)
            let resumeAt = min(crashCycle + 1, cycles.count)
            for slice in cycles[resumeAt...] {
                try await store.commit(cycle(slice, &recovery.accumulator))
            }
            let stored = try await store.intervals(owner: .household("101"), channel: .energyImport, from: 0, to: .max)
            #expect(stored == expected)
            #expect(Set(stored.map(\.start)).count == stored.count)
            let storedReadings = try await store.readings(
                deviceId: "101-elec", channel: .energyImport, from: 0, to: .max)
            #expect(storedReadings.count == readings.count)
        }
    }
}
