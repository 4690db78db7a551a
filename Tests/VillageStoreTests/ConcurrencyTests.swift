import Testing
import VillageStore

/// Many tasks writing and reading one store at once, as a collector with one task per connection does.
@Suite struct ConcurrencyTests {
    @Test func concurrentWritersAndReadersLoseNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let writers = ["101-elec", "102-elec", "103-water", "ess"]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for device in writers {
                group.addTask {
                    for batch in 0..<40 {
                        let readings = (0..<250).map { index in
                            RawReading(
                                deviceId: device, channel: .energyImport,
                                timestamp: seoulMidnight + Int64(batch * 250 + index),
                                value: .integer(Int64(index)))
                        }
                        try await store.commit(
                            MeteringBatch(
                                readings: readings,
                                health: [
                                    HealthUpdate(
                                        deviceId: device, timestamp: seoulMidnight + Int64(batch), outcome: .success)
                                ]))
                    }
                }
            }
            group.addTask {
                // A reader sees whole batches only.
                for _ in 0..<40 {
                    let seen = try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max)
                        .count
                    #expect(seen % 250 == 0)
                }
            }
            try await group.waitForAll()
        }
        for device in writers {
            #expect(
                try await store.readings(deviceId: device, channel: .energyImport, from: 0, to: .max).count == 10_000)
        }
        #expect(try await store.health().filter { $0.lastSuccess == seoulMidnight + 39 }.count == writers.count)
    }

    /// A graceful shutdown cancels the service's task; a commit it has started still lands whole,
    /// and the cancellation is not reported as a store failure.
    @Test func aCommitInACancelledTaskStillLands() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let readings = (0..<1_000).map { index in
            RawReading(
                deviceId: "101-elec", channel: .energyImport, timestamp: seoulMidnight + Int64(index),
                value: .integer(Int64(index)))
        }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await store.commit(MeteringBatch(readings: readings, health: []))
            return try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max).count
        }
        #expect(try await task.value == 1_000)
        #expect(
            try await store.readings(deviceId: "101-elec", channel: .energyImport, from: 0, to: .max).count == 1_000)
    }
}
