import Foundation
import Testing
import VillageStore

/// A collector cycle's health updates committed together fold exactly as the same updates committed
/// one by one: successes that change no state share one statement, the rest go row by row.
@Suite struct HealthBatchTests {
    private static let cycles: [[HealthUpdate]] = [
        [
            HealthUpdate(deviceId: "101-elec", timestamp: seoulMidnight, outcome: .success, state: .online),
            // No health row yet: the shared statement inserts it.
            HealthUpdate(deviceId: "102-elec", timestamp: seoulMidnight, outcome: .success),
            HealthUpdate(
                deviceId: "ess", timestamp: seoulMidnight, outcome: .failure(kind: "timeout", message: "late")),
        ],
        [
            HealthUpdate(deviceId: "101-elec", timestamp: seoulMidnight + 60, outcome: .success),
            HealthUpdate(deviceId: "102-elec", timestamp: seoulMidnight + 60, outcome: .success),
            HealthUpdate(deviceId: "ess", timestamp: seoulMidnight + 60, outcome: .success, state: .online),
            HealthUpdate(deviceId: "103-water", timestamp: seoulMidnight + 60, outcome: .success),
        ],
        [
            // A replayed older success moves nothing back; a failure counts.
            HealthUpdate(deviceId: "101-elec", timestamp: seoulMidnight + 30, outcome: .success),
            HealthUpdate(
                deviceId: "102-elec", timestamp: seoulMidnight + 120, outcome: .failure(kind: "crc", message: "bad CRC")
            ),
            HealthUpdate(deviceId: "ess", timestamp: seoulMidnight + 120, outcome: .success),
        ],
        [
            HealthUpdate(deviceId: "101-elec", timestamp: seoulMidnight + 180, outcome: .success),
            HealthUpdate(deviceId: "102-elec", timestamp: seoulMidnight + 180, outcome: .success),
            HealthUpdate(deviceId: "ess", timestamp: seoulMidnight + 180, outcome: .success),
        ],
    ]

    @Test func aCycleCommittedTogetherFoldsAsOneByOne() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let together = try await makeStore(in: directory, name: "together.sqlite")
        let oneByOne = try await makeStore(in: directory, name: "one-by-one.sqlite")
        for cycle in Self.cycles {
            try await together.commit(MeteringBatch(health: cycle))
            for update in cycle { try await oneByOne.commit(MeteringBatch(health: [update])) }
        }
        let health = try await together.health()
        #expect(health == (try await oneByOne.health()))
        #expect(try await together.events(from: 0, to: .max) == (try await oneByOne.events(from: 0, to: .max)))
        let byDevice = Dictionary(uniqueKeysWithValues: health.map { ($0.deviceId, $0) })
        #expect(
            byDevice["101-elec"]
                == DeviceHealth(
                    deviceId: "101-elec", state: .online, lastSuccess: seoulMidnight + 180,
                    lastAttempt: seoulMidnight + 180))
        #expect(
            byDevice["102-elec"]
                == DeviceHealth(
                    deviceId: "102-elec", state: .unknown, lastSuccess: seoulMidnight + 180,
                    lastAttempt: seoulMidnight + 180, errorCounts: ["crc": 1], lastError: "bad CRC"))
        #expect(byDevice["ess"]?.errorCounts == ["timeout": 1])
    }

    @Test func moreDevicesThanOneStatementTakesAreAllUpdated() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try VillageStore(path: directory.path("many.sqlite"))
        let ids = (0..<1_234).map { String(format: "plant-%04d", $0) }
        try await store.register(
            site: site, households: [],
            devices: ids.map { DeviceRecord(id: $0, householdId: nil, kind: "pv", profile: "generic-pv") })
        for minute in 0..<2 {
            let at = seoulMidnight + Int64(minute) * 60
            try await store.commit(
                MeteringBatch(health: ids.map { HealthUpdate(deviceId: $0, timestamp: at, outcome: .success) }))
        }
        let health = try await store.health()
        #expect(health.count == ids.count)
        #expect(health.allSatisfy { $0.lastSuccess == seoulMidnight + 60 && $0.lastAttempt == seoulMidnight + 60 })
    }
}
