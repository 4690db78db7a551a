import DeviceProfiles
import FirmwareSim
import Foundation
import Site
import TestKit

/// A small village for Modbus tests: two homes and the whole plant of the default site, on ports the
/// kernel had free, with the profiles from `Meters/`.
enum SimulatedVillageFixture {
    static let winterMidnight: Int64 = 1_735_657_200  // 2025-01-01 00:00 KST

    static func site(units: Set<String> = ["101", "102"]) -> Site {
        var site = Site.default
        site.households = site.households.filter { units.contains($0.unit) }
        site.devices = site.devices.filter { $0.household.map(units.contains) ?? true }
        // Distinct free ports: the kernel may hand out a just-closed port twice.
        return site.onFreeLoopbackPorts()
    }

    static func profiles() throws -> ProfileLibrary {
        try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters"))
    }

    /// A started village, advanced to noon of its first day, on ports free when it started (tried
    /// again on fresh ones if one was taken meanwhile): its `site` names them, not `site`'s.
    static func village(site: Site = site(), faults: FaultPlan? = nil) throws -> SimulatedVillage {
        let profiles = try profiles()
        let village = try SimulatedVillage.startedOnFreePorts(site) {
            try SimulatedVillage(site: $0, start: winterMidnight, profiles: profiles, faults: faults)
        }
        try village.advance(seconds: 12 * 3600)
        return village
    }

    static func port(_ site: Site, _ device: String) -> Int {
        site.device(device)?.endpoint.port ?? 0
    }
}
