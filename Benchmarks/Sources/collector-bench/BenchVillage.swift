import DeviceProfiles
import FirmwareSim
import Foundation
import Logging
import Site

/// The default village served in-process on free loopback ports, with the profiles from `Meters/`.
struct BenchVillage {
    /// 2026-06-21 00:00 UTC, 09:00 in Seoul: the PV is producing, so every register moves.
    static let start: Int64 = 1_782_000_000

    let site: Site
    let profiles: ProfileLibrary
    let village: SimulatedVillage

    init() throws {
        profiles = try ProfileLibrary(directory: Self.metersDirectory())
        site = Site.default.onFreeLoopbackPorts()
        var logger = Logger(label: "collector-bench.sim")
        logger.logLevel = .error
        village = try SimulatedVillage(site: site, start: Self.start, profiles: profiles, logger: logger)
        try village.start()
    }

    /// `$VILLAGE_METERS`, else `Meters` here or one level up (`make bench` runs in `Benchmarks/`).
    static func metersDirectory() -> URL {
        if ProcessInfo.processInfo.environment["VILLAGE_METERS"] != nil { return ProfileLibrary.defaultDirectory }
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for candidate in [
            here.appendingPathComponent("Meters"), here.deletingLastPathComponent().appendingPathComponent("Meters"),
        ]
        where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate
        }
        return ProfileLibrary.defaultDirectory
    }

    /// Devices grouped by connection (host and port), in site order, as the collector groups them.
    var connections: [(key: String, devices: [Device])] {
        var order: [String] = []
        var byKey: [String: [Device]] = [:]
        for device in site.devices {
            let key = "\(device.endpoint.host):\(device.endpoint.port)"
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(device)
        }
        return order.map { ($0, byKey[$0] ?? []) }
    }
}
