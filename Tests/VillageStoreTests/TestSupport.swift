import Foundation
import VillageStore

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("village-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

let site = SiteRecord(id: "eco-delta", name: "Eco Delta Smart Village")
let households = ["101", "102", "103"].map(HouseholdRecord.init)
let devices = [
    DeviceRecord(id: "101-elec", householdId: "101", kind: "electricity-meter", profile: "generic-meter"),
    DeviceRecord(id: "102-elec", householdId: "102", kind: "electricity-meter", profile: "generic-meter"),
    DeviceRecord(id: "103-water", householdId: "103", kind: "water-meter", profile: "generic-water"),
    DeviceRecord(id: "ess", householdId: nil, kind: "ess", profile: "generic-ess"),
]

/// A store on a new file with the sample site registered.
func makeStore(in directory: TemporaryDirectory, name: String = "village.sqlite") async throws -> VillageStore {
    let store = try VillageStore(path: directory.path(name))
    try await store.register(site: site, households: households, devices: devices)
    return store
}

/// 2026-11-30 00:00 Asia/Seoul, in UTC Unix seconds.
let seoulMidnight: Int64 = 1_795_964_400
