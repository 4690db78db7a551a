import DeviceProfiles
import FirmwareSim
import Foundation
import Modbus
import Site
import TestKit
import Testing

/// Independent peers (mbpoll, pysunspec2, pymodbus) read and control the simulated devices over real
/// Modbus TCP on loopback.
@Suite("Simulated devices over Modbus", .serialized)
struct ModbusInteropTests {
    /// mbpoll prints `[52]: \t292.149`; returns the number.
    static func mbpollFloat(port: Int, unit: Int, register: Int) throws -> Double? {
        let (status, output) = try PeerProcess.run(
            "mbpoll",
            [
                "-m", "tcp", "-p", "\(port)", "-a", "\(unit)", "-0", "-t", "3:float",
                "-B", "-r", "\(register)", "-c", "1", "-1", "127.0.0.1",
            ])
        guard status == 0, let line = output.split(separator: "\n").first(where: { $0.hasPrefix("[\(register)]") })
        else { return nil }
        return line.split(separator: "\t").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    @Test func mbpollReadsSDM630Floats() throws {
        let site = SimulatedVillageFixture.site()
        let village = try SimulatedVillageFixture.village(site: site)
        defer { village.stop() }
        let port = SimulatedVillageFixture.port(village.site, "meter-101")
        let power = try #require(try Self.mbpollFloat(port: port, unit: 1, register: 0x34))
        // The roof PV sits behind the meter: it shows the home's net draw.
        let expected = village.host.withSimulation { $0.households[0].powerW - $0.households[0].roofPVPowerW }
        #expect(abs(power - expected) <= max(0.01, abs(expected) * 1e-6), "mbpoll \(power) W, simulation \(expected) W")
        let voltage = try #require(try Self.mbpollFloat(port: port, unit: 1, register: 0))
        #expect((225...235).contains(voltage))
        // Import plus export (the total register) moves forward whether the PV covers the home or not.
        let before = try #require(try Self.mbpollFloat(port: port, unit: 1, register: 0x156))
        try village.advance(seconds: 3600)
        let after = try #require(try Self.mbpollFloat(port: port, unit: 1, register: 0x156))
        #expect(after > before, "the meter's total counter moves forward")
        #expect(after - before < 10, "an hour of one home is a few kWh at most")
    }

    @Test func pysunspec2ScansAnInverterAndReadsPowerAndEnergy() throws {
        let site = SimulatedVillageFixture.site()
        let village = try SimulatedVillageFixture.village(site: site)
        defer { village.stop() }
        let port = SimulatedVillageFixture.port(village.site, "pv-101")
        func read() throws -> (models: [Int], w: Double, wh: Double) {
            let (status, output) = try PeerProcess.run(
                "python3", [TestFiles.peer("sunspec_read.py"), "\(port)", "2", "103", "W", "WH"])
            #expect(status == 0, "\(output)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            let points = try #require(json["points"] as? [String: Double])
            return (json["models"] as? [Int] ?? [], try #require(points["W"]), try #require(points["WH"]))
        }
        let first = try read()
        #expect(first.models == [1, 103])
        let simulated = village.host.withSimulation { $0.roofArrays[0]?.acPowerW ?? -1 }
        #expect(simulated > 0, "noon in January still produces")
        #expect(abs(first.w - simulated) <= 0.5 + 1e-9, "pysunspec2 \(first.w) W, simulation \(simulated) W")
        let energyBefore = village.host.withSimulation { $0.roofArrays[0]?.energy.total ?? 0 }
        try village.advance(seconds: 3600)
        let energyAfter = village.host.withSimulation { $0.roofArrays[0]?.energy.total ?? 0 }
        let second = try read()
        #expect(abs((second.wh - first.wh) - (energyAfter - energyBefore)) <= 1, "WH follows the simulated energy")
    }

    @Test func pymodbusWritesAStorageSetpointAndTheSoCResponds() throws {
        let site = SimulatedVillageFixture.site()
        let village = try SimulatedVillageFixture.village(site: site)
        defer { village.stop() }
        let port = SimulatedVillageFixture.port(village.site, "ess")
        let model124 = 40_002 + 68
        // InWRte = 50.0 % (SF -1), then StorCtl_Mod = charge; InWRte 120 % is out of range (exception 3);
        // WChaMax is read-only (exception 2).
        let (status, output) = try PeerProcess.run(
            "python3",
            [
                TestFiles.peer("pymodbus_write.py"), "\(port)", "1",
                "\(model124 + 13)=500", "\(model124 + 5)=1",
                "\(model124 + 13)=1200", "\(model124 + 2)=1",
            ])
        #expect(status == 0, "\(output)")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "[0, 0, 3, 2]")
        let socBefore = village.host.withSimulation { $0.storage.socPct }
        try village.advance(seconds: 600)
        let (socAfter, power) = village.host.withSimulation { ($0.storage.socPct, $0.storage.powerW) }
        #expect(power == -90_000)
        let expectedGainPct = 90_000.0 * 600 / 3600 * site.ess.chargeEfficiency / (site.ess.capacityKWh * 1000) * 100
        #expect(abs((socAfter - socBefore) - expectedGainPct) < 0.05, "SoC \(socBefore) → \(socAfter)")
        // Without a new write the PCS reverts to idle after the revert timeout.
        try village.advance(seconds: Int64(site.ess.revertTimeoutSeconds))
        #expect(village.host.withSimulation { $0.storage.powerW } == 0)
    }

    @Test func everyDeviceReadsCorrectlyThroughItsProfile() throws {
        let site = SimulatedVillageFixture.site()
        let village = try SimulatedVillageFixture.village(site: site)
        defer { village.stop() }
        let profiles = try SimulatedVillageFixture.profiles()
        for device in village.site.devices {
            let client = try ModbusClient(
                configuration: .init(
                    transport: .tcp(host: device.endpoint.host, port: device.endpoint.port),
                    unitID: device.endpoint.unitId,
                    responseTimeout: .seconds(2), name: device.id))
            defer { client.close() }
            let reading = try DeviceReader(profile: try profiles.profile(device.profile), client: client).read()
            let truth = village.host.withSimulation { sim -> (String, Double)? in
                switch device.id {
                case "meter-101": ("power.active", sim.households[0].powerW - sim.households[0].roofPVPowerW)
                case "pv-102": ("power.active", sim.roofArrays[1]?.acPowerW ?? 0)
                case "pv-platform": ("power.active", sim.sharedArrays[2].acPowerW)
                case "grid-meter": ("power.active", sim.grid.powerW)
                case "ess": ("battery.soc", sim.storage.socPct)
                case "heat-tank": ("tank.hot.energy", sim.hotTank.storedWh)
                case "hp-river": ("heatpump.power", sim.heatPumps[0].electricPowerW)
                case "mbus-101": ("water.volume", sim.households[0].waterVolume.total / 1000)
                default: nil
                }
            }
            guard let (semantic, expected) = truth else { continue }
            let value = try #require(reading.value(semantic: semantic), "\(device.id) \(semantic)")
            let tolerance = max(
                abs(expected) * 0.001, semantic == "power.active" && device.id != "meter-101" ? 10 : 1.01)
            #expect(
                abs(value - expected) <= tolerance, "\(device.id) \(semantic): read \(value), simulated \(expected)")
        }
    }

    @Test func heatPumpObeysWritesAndRefusesOutOfRange() throws {
        let site = SimulatedVillageFixture.site()
        let village = try SimulatedVillageFixture.village(site: site)
        defer { village.stop() }
        let port = SimulatedVillageFixture.port(village.site, "hp-river")
        let client = try ModbusClient(configuration: .init(transport: .tcp(host: "127.0.0.1", port: port), unitID: 1))
        defer { client.close() }
        // On, 20.0 kW, cold tank (the hot tank is full at noon after the night's charging).
        try client.writeRegisters(at: 0, values: [1, 200, 1])
        try village.advance(seconds: 120)
        #expect(abs(village.host.withSimulation { $0.heatPumps[0].electricPowerW } - 20_000) < 1)
        #expect(village.host.withSimulation { $0.heatPumps[0].tank } == .cold)
        #expect(try client.readHoldingRegisters(at: 0, count: 3) == [1, 200, 1])
        do {
            try client.writeRegister(at: 1, value: 610)  // 61 kW on a 60 kW machine
            Issue.record("a setpoint above the machine's limit was accepted")
        } catch {
            #expect(error.code == .exception(.illegalDataValue))
        }
        try client.writeRegister(at: 0, value: 0)
        try village.advance(seconds: 120)
        #expect(village.host.withSimulation { $0.heatPumps[0].electricPowerW } == 0)
    }

    @Test func aPortInUseIsReportedWithItsDevices() throws {
        let site = SimulatedVillageFixture.site()
        let village = try SimulatedVillageFixture.village(site: site)
        defer { village.stop() }
        let second = try SimulatedVillage(
            site: village.site, start: SimulatedVillageFixture.winterMidnight,
            profiles: try SimulatedVillageFixture.profiles())
        do {
            try second.start()
            second.stop()
            Issue.record("a second village started on the same ports")
        } catch {
            #expect(error.portInUse)
            #expect(!error.devices.isEmpty)
            #expect(error.description.contains("\(error.port)"))
            #expect(error.description.contains("already in use"))
        }
    }
}
