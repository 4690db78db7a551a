import Foundation
import Testing
import VillageStore

/// Events (recorded once), health (folded from poll outcomes) and checkpoints (never backwards).
@Suite struct DeviceStateTests {
    @Test func eventsAreStoredOnceAndFilteredByDeviceAndTime() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let events = [
            DeviceEvent(deviceId: "101-elec", timestamp: seoulMidnight, kind: .offline, detail: "timeout"),
            DeviceEvent(deviceId: "101-elec", timestamp: seoulMidnight + 60, kind: .online),
            DeviceEvent(
                deviceId: "102-elec", timestamp: seoulMidnight + 30, kind: .counterReset, channel: .energyImport,
                detail: "9 → 0"),
        ]
        #expect(try await store.commit(MeteringBatch(events: events)).eventsInserted == 3)
        #expect(try await store.commit(MeteringBatch(events: events)).eventsInserted == 0)
        #expect(try await store.events(from: 0, to: .max) == [events[0], events[2], events[1]])
        #expect(try await store.events(deviceId: "101-elec", from: seoulMidnight + 1, to: .max) == [events[1]])
        let error = await #expect(throws: StoreError.self) {
            try await store.record(event: DeviceEvent(deviceId: "nope", timestamp: 0, kind: .online))
        }
        #expect(error?.code == .unknownDevice)
    }

    @Test func healthFoldsPollOutcomes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        try await store.updateHealth([
            HealthUpdate(deviceId: "101-elec", timestamp: seoulMidnight, outcome: .success, state: .online),
            HealthUpdate(
                deviceId: "101-elec", timestamp: seoulMidnight + 10,
                outcome: .failure(kind: "timeout", message: "no answer in 1 s")),
            HealthUpdate(
                deviceId: "101-elec", timestamp: seoulMidnight + 20,
                outcome: .failure(kind: "timeout", message: "no answer in 1 s")),
            HealthUpdate(
                deviceId: "101-elec", timestamp: seoulMidnight + 30, outcome: .failure(kind: "crc", message: "bad CRC"),
                state: .offline),
            HealthUpdate(deviceId: "102-elec", timestamp: seoulMidnight + 30, outcome: .success, state: .online),
        ])
        let health = Dictionary(uniqueKeysWithValues: try await store.health().map { ($0.deviceId, $0) })
        #expect(
            health["101-elec"]
                == DeviceHealth(
                    deviceId: "101-elec", state: .offline, lastSuccess: seoulMidnight, lastAttempt: seoulMidnight + 30,
                    consecutiveFailures: 3, errorCounts: ["timeout": 2, "crc": 1], lastError: "bad CRC"))
        #expect(health["102-elec"]?.state == .online)
        #expect(health["102-elec"]?.consecutiveFailures == 0)
        // Never polled: listed, state unknown.
        #expect(health["ess"] == DeviceHealth(deviceId: "ess"))
        try await store.updateHealth([
            HealthUpdate(deviceId: "101-elec", timestamp: seoulMidnight + 40, outcome: .success, state: .online)
        ])
        let recovered = try await store.health().first { $0.deviceId == "101-elec" }
        #expect(recovered?.consecutiveFailures == 0)
        #expect(recovered?.lastSuccess == seoulMidnight + 40)
        #expect(recovered?.errorCounts == ["timeout": 2, "crc": 1])
    }

    @Test func goingOfflineAndOnlineIsRecordedAsEventsOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let updates = [
            HealthUpdate(deviceId: "ess", timestamp: seoulMidnight, outcome: .success, state: .online),
            HealthUpdate(deviceId: "ess", timestamp: seoulMidnight + 10, outcome: .success, state: .online),
            HealthUpdate(
                deviceId: "ess", timestamp: seoulMidnight + 20,
                outcome: .failure(kind: "timeout", message: "no answer"), state: .online),
            HealthUpdate(
                deviceId: "ess", timestamp: seoulMidnight + 30,
                outcome: .failure(kind: "timeout", message: "no answer"), state: .offline),
            HealthUpdate(
                deviceId: "ess", timestamp: seoulMidnight + 40,
                outcome: .failure(kind: "timeout", message: "no answer"), state: .offline),
            HealthUpdate(deviceId: "ess", timestamp: seoulMidnight + 50, outcome: .success, state: .online),
        ]
        try await store.updateHealth(updates)
        let events = try await store.events(deviceId: "ess", from: 0, to: .max)
        #expect(events.map(\.kind) == [.online, .offline, .online])
        #expect(events.map(\.timestamp) == [seoulMidnight, seoulMidnight + 30, seoulMidnight + 50])
        #expect(events[1].detail == "timeout: no answer")
    }

    @Test func aCheckpointNeverMovesBackInTime() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let newer = CounterCheckpoint(
            deviceId: "101-elec", channel: .energyImport, lastTimestamp: 200, state: Data("b".utf8))
        let older = CounterCheckpoint(
            deviceId: "101-elec", channel: .energyImport, lastTimestamp: 100, state: Data("a".utf8))
        try await store.save(checkpoints: [newer])
        try await store.save(checkpoints: [older])
        #expect(try await store.checkpoints() == [newer])
    }
}
