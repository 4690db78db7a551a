import DeviceProfiles
import FirmwareSim
import Foundation
import Metering
import Site
import TestKit
import Testing

/// The collector's reads without its recording, as the benchmark compares them: every device of
/// the simulated village is read, the first cycle planning (SunSpec chains walked on the
/// connections' queues), the later ones through the pipeline.
@Suite(.serialized) struct CollectorReadPathTests {
    @Test func everyDeviceOfTheVillageIsReadEveryCycle() async throws {
        let profiles = try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters"))
        let village = try SimulatedVillage.startedOnFreePorts(.default) {
            try SimulatedVillage(site: $0, start: 1_717_970_400, profiles: profiles)
        }
        defer { village.stop() }
        let site = village.site
        let path = try CollectorReadPath(site: site, profiles: profiles)
        for _ in 0..<3 {
            let count = await path.readAll()
            #expect(count == CollectorReadPath.CycleCount(succeeded: site.devices.count, failed: 0))
        }
        await path.close()
    }
}
