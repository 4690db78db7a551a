import Foundation
import Metering
import PropertyBased
import Testing
import VillageCore
import VillageStore

/// A level channel's checkpoint moves only with the intervals it closes, as a counter's does; a
/// crash at any cycle, then recovery from the store (checkpoint plus the readings committed after
/// it), ends with exactly the intervals of an uninterrupted run.
@Suite struct LevelRecoveryTests {
    private static let site = SiteRecord(id: "eco-delta", name: "Eco Delta")
    private static let device = DeviceRecord(id: "ess", householdId: nil, kind: "battery", profile: "generic")
    private let settings = CounterConfiguration(
        deviceId: "ess", channel: .essStateOfCharge, owner: .plant("ess"), ratedUnitsPerHour: 180_000)

    private func openStore(_ directory: URL) async throws -> VillageStore {
        let store = try VillageStore(path: directory.appendingPathComponent("village.sqlite").path)
        try await store.register(site: Self.site, households: [], devices: [Self.device])
        return store
    }

    /// One collector cycle: the reading is stored; intervals, with the checkpoint, only when it closed some.
    private func cycle(_ reading: (Int64, Int64), _ sampler: inout LevelSampler) -> MeteringBatch {
        var batch = MeteringBatch(readings: [
            RawReading(deviceId: "ess", channel: .essStateOfCharge, timestamp: reading.0, value: .integer(reading.1))
        ])
        let intervals = sampler.ingest(timestamp: reading.0, value: reading.1) ?? []
        if !intervals.isEmpty {
            batch.intervals = intervals
            batch.checkpoints = [sampler.checkpoint()]
        }
        return batch
    }

    @Test func aCrashAtAnyCycleEndsWithTheIntervalsOfAnUninterruptedRun() async {
        await propertyCheck(count: 10, input: Gen.uint64(), Gen.int(in: 0...299)) { seed, crashCycle in
            var rng = SeededGenerator(seed: seed)
            var time = seoulMidnight + Int64.random(in: 0..<900, using: &rng)
            let readings: [(Int64, Int64)] = (0..<300).map { _ in
                time += Int64.random(in: 10...400, using: &rng)
                if Int.random(in: 0..<40, using: &rng) == 0 { time += Int64.random(in: 600...9000, using: &rng) }
                return (time, Int64.random(in: 0...400_000, using: &rng))
            }
            var straight = try LevelSampler(configuration: settings)
            let expected = readings.flatMap { straight.ingest(timestamp: $0.0, value: $0.1) ?? [] }

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "level-recovery-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                let store = try await openStore(directory)
                var sampler = try LevelSampler(configuration: settings)
                for reading in readings[...crashCycle] { try await store.commit(cycle(reading, &sampler)) }
            }
            // Restart: a new store handle and a sampler rebuilt from the store only.
            let store = try await openStore(directory)
            let saved = try await store.checkpoints().first { $0.channel == .essStateOfCharge }
            var recovery = try await LevelSampler.recover(configuration: settings, checkpoint: saved, from: store)
            try await store.commit(recovery.batch)
            // Committing the catch-up again (a second crash right after it) changes nothing.
            #expect(try await store.commit(recovery.batch).intervalsChanged == 0)
            for reading in readings[(crashCycle + 1)...] { try await store.commit(cycle(reading, &recovery.sampler)) }
            let stored = try await store.intervals(owner: .plant("ess"), channel: .essStateOfCharge, from: 0, to: .max)
            #expect(stored == expected)
        }
    }
}
