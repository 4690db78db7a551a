import DeviceProfiles
import FirmwareSim
import Foundation
import Modbus
import Site
import Synchronization
import TestKit
import Testing

/// The whole default village (56 homes, 177 devices, 60 ports) served at once, every device read
/// through its profile by concurrent clients.
@Suite("The whole village over Modbus")
struct WholeVillageServingTests {
    @Test func everyDeviceOfTheDefaultSiteAnswersConcurrently() throws {
        let site = SimulatedVillageFixture.site(units: Set(Site.default.households.map(\.unit)))
        #expect(site.devices.count == Site.default.devices.count)
        let village = try SimulatedVillageFixture.village(site: site)
        defer { village.stop() }
        #expect(village.unservedDevices.isEmpty)
        #expect(village.endpoints.count == Set(village.site.devices.map(\.endpoint.port)).count)
        let profiles = try SimulatedVillageFixture.profiles()
        let devices = village.site.devices
        let failures = Mutex<[String]>([])
        let meterPowers = Mutex<[String: Double]>([:])
        DispatchQueue.concurrentPerform(iterations: devices.count) { index in
            let device = devices[index]
            do {
                let client = try ModbusClient(
                    configuration: .init(
                        transport: .tcp(host: device.endpoint.host, port: device.endpoint.port),
                        unitID: device.endpoint.unitId, responseTimeout: .seconds(5), name: device.id))
                defer { client.close() }
                let reading = try DeviceReader(profile: try profiles.profile(device.profile), client: client).read()
                if device.profile == DeviceProfileName.householdMeter,
                    let power = reading.value(semantic: "power.active")
                {
                    meterPowers.withLock { $0[device.household ?? ""] = power }
                }
            } catch {
                failures.withLock { $0.append("\(device.id): \(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let simulated = village.host.withSimulation { sim in
            Dictionary(uniqueKeysWithValues: sim.households.map { ($0.unit, $0.powerW - $0.roofPVPowerW) })
        }
        let read = meterPowers.withLock { $0 }
        #expect(read.count == 56)
        for (unit, power) in read {
            #expect(abs(power - (simulated[unit] ?? .nan)) <= max(0.01, abs(power) * 1e-6), "meter of \(unit)")
        }
    }
}
