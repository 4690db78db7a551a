import Testing
import VillageStore

/// Bad site input is refused with an error naming what is wrong, and nothing is written.
@Suite struct RegistrationTests {
    @Test func duplicateDeviceIdsAreRefusedAndNothingIsWritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try VillageStore(path: directory.path("village.sqlite"))
        let twice =
            devices + [DeviceRecord(id: "102-elec", householdId: "103", kind: "electricity-meter", profile: "x")]
        let error = await #expect(throws: StoreError.self) {
            try await store.register(site: site, households: households, devices: twice)
        }
        #expect(error?.code == .duplicateIdentifier)
        #expect(error?.subject == "device 102-elec")
        #expect(try await store.devices().isEmpty)
        #expect(try await store.site() == nil)
    }

    @Test func aDeviceOfAnUndefinedHouseholdIsRefusedAndNothingIsWritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try VillageStore(path: directory.path("village.sqlite"))
        let stray =
            devices + [DeviceRecord(id: "999-elec", householdId: "999", kind: "electricity-meter", profile: "x")]
        let error = await #expect(throws: StoreError.self) {
            try await store.register(site: site, households: households, devices: stray)
        }
        #expect(error?.code == .unknownHousehold)
        #expect(error?.subject == "device 999-elec")
        #expect(error?.message.contains("999") == true)
        #expect(try await store.devices().isEmpty)
        #expect(try await store.households().isEmpty)
    }

    @Test func registeringAgainUpdatesWithoutDeleting() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try await makeStore(in: directory)
        let changed = DeviceRecord(id: "101-elec", householdId: "101", kind: "electricity-meter", profile: "acme-em24")
        try await store.register(site: site, households: [], devices: [changed])
        let stored = try await store.devices()
        #expect(stored.count == devices.count)
        #expect(stored.first { $0.id == "101-elec" }?.profile == "acme-em24")
    }
}
