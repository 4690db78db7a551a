import DeviceProfiles
import FirmwareSim
import Foundation
import Modbus
import Site
import TestKit
import Testing

/// Faults from a faults file show up to clients as a real misbehaving device would show them.
@Suite("Device faults", .serialized)
struct FaultTests {
    static func client(_ site: Site, _ device: String, timeout: Duration = .milliseconds(500)) throws -> ModbusClient {
        let endpoint = try #require(site.device(device)).endpoint
        return try ModbusClient(
            configuration: .init(
                transport: .tcp(host: endpoint.host, port: endpoint.port),
                unitID: endpoint.unitId, responseTimeout: timeout, name: device))
    }

    @Test(arguments: [2, 4, 6])
    func exceptionFaultAnswersWithItsCode(code: Int) throws {
        let site = SimulatedVillageFixture.site()
        let plan = try FaultPlan(yaml: "faults:\n  - {device: meter-101, kind: exception, code: \(code)}\n", site: site)
        let village = try SimulatedVillageFixture.village(site: site, faults: plan)
        defer { village.stop() }
        let meter = try Self.client(village.site, "meter-101")
        defer { meter.close() }
        do {
            _ = try meter.readInputRegisters(at: 0x34, count: 2)
            Issue.record("the faulty meter answered")
        } catch {
            #expect(error.code == .exception(try #require(ModbusException(rawValue: UInt8(code)))))
        }
        // Its neighbour on the same port is healthy.
        let inverter = try Self.client(village.site, "pv-101")
        defer { inverter.close() }
        #expect(try inverter.readHoldingRegisters(at: 40_000, count: 2) == [0x5375, 0x6E53])
    }

    @Test func noReplyAndLateReplyTimeOut() throws {
        let site = SimulatedVillageFixture.site()
        let plan = try FaultPlan(
            yaml: """
                faults:
                  - {device: meter-101, kind: noReply}
                  - {device: meter-102, kind: lateReply, delayMs: 800}
                  - {device: pv-102, kind: slowReply, delayMs: 100}
                """, site: site)
        let village = try SimulatedVillageFixture.village(site: site, faults: plan)
        defer { village.stop() }
        for device in ["meter-101", "meter-102"] {
            let client = try Self.client(village.site, device, timeout: .milliseconds(300))
            defer { client.close() }
            #expect(throws: ModbusError.self) { try client.readInputRegisters(at: 0, count: 2) }
        }
        let slow = try Self.client(village.site, "pv-102", timeout: .milliseconds(1_000))
        defer { slow.close() }
        #expect(try slow.readHoldingRegisters(at: 40_000, count: 2) == [0x5375, 0x6E53])
    }

    /// The device hangs up on every request while the fault lasts (until 12:30 here); the client sees
    /// a reset, drops its side, and reads again on a fresh connection once the fault is over.
    @Test func droppedConnectionIsAResetUntilTheFaultEnds() throws {
        let site = SimulatedVillageFixture.site()
        let plan = try FaultPlan(
            yaml: "faults:\n  - {device: meter-101, kind: dropConnection, untilSeconds: 45000}\n", site: site)
        let village = try SimulatedVillageFixture.village(site: site, faults: plan)  // now at 12 h
        defer { village.stop() }
        let meter = try Self.client(village.site, "meter-101")
        defer { meter.close() }
        for _ in 0..<2 {
            do {
                _ = try meter.readInputRegisters(at: 0x48, count: 2)
                Issue.record("the meter answered while it drops connections")
            } catch {
                #expect(error.code == .connectionReset, "\(error)")
                #expect(error.device.contains("meter-101"))
            }
            #expect(!meter.isConnected)
        }
        // Its neighbour on the same port keeps its own connection and answers.
        let inverter = try Self.client(village.site, "pv-101")
        defer { inverter.close() }
        #expect(try inverter.readHoldingRegisters(at: 40_000, count: 2) == [0x5375, 0x6E53])
        try village.advance(seconds: 1_800)  // 12:30: the fault is over
        let importKWh = (try RegisterCodec.decode(try meter.readInputRegisters(at: 0x48, count: 2), as: .float32))
            .number
        #expect((importKWh ?? 0) > 1_000, "an installed meter has a history, read \(String(describing: importKWh))")
    }

    @Test func meterReplacementRestartsTheCounterButNotTheTruth() throws {
        let site = SimulatedVillageFixture.site()
        let plan = try FaultPlan(
            yaml: "faults:\n  - {device: meter-101, kind: meterReplacement, atSeconds: 50400}\n", site: site)
        let village = try SimulatedVillageFixture.village(site: site, faults: plan)  // now at 12 h
        defer { village.stop() }
        let meter = try Self.client(village.site, "meter-101")
        defer { meter.close() }
        func importKWh() throws -> Double {
            (try RegisterCodec.decode(try meter.readInputRegisters(at: 0x48, count: 2), as: .float32)).number ?? .nan
        }
        let before = try importKWh()
        #expect(before > 1_000, "an installed meter has a history")
        try village.advance(seconds: 3 * 3600)  // past 14 h
        let after = try importKWh()
        #expect(after < 5, "the new meter starts near zero, read \(after)")
        #expect(
            village.host.withSimulation { $0.households[0].consumption.total } > 1_000, "the physics did not restart")
    }

    @Test func notImplementedValuesAndSingleClientLimit() throws {
        let site = SimulatedVillageFixture.site()
        let plan = try FaultPlan(
            yaml: """
                faults:
                  - {device: pv-101, kind: notImplemented}
                  - {device: grid-meter, kind: singleClient}
                """, site: site)
        let village = try SimulatedVillageFixture.village(site: site, faults: plan)
        defer { village.stop() }
        let profiles = try SimulatedVillageFixture.profiles()
        let inverter = try Self.client(village.site, "pv-101")
        defer { inverter.close() }
        let reading = try DeviceReader(profile: try profiles.profile("sunspec-inverter"), client: inverter).read()
        #expect(reading.value(semantic: "power.active") == nil)
        #expect(reading.value(semantic: "energy.generated") == nil)

        let first = try Self.client(village.site, "grid-meter")
        defer { first.close() }
        _ = try first.readHoldingRegisters(at: 40_000, count: 2)
        let second = try Self.client(village.site, "grid-meter")
        defer { second.close() }
        #expect(throws: ModbusError.self) { try second.readHoldingRegisters(at: 40_000, count: 2) }
    }

    @Test func rebootDropsConnectionsThenResetsControls() throws {
        let site = SimulatedVillageFixture.site()
        let plan = try FaultPlan(
            yaml: "faults:\n  - {device: ess, kind: reboot, atSeconds: 46800, durationSeconds: 600}\n", site: site)
        let village = try SimulatedVillageFixture.village(site: site, faults: plan)  // 12:00
        defer { village.stop() }
        try village.host.withSimulation { sim in
            sim.storageRevertTimeoutSeconds = 7_200  // so only the reboot can end the setpoint
            try sim.setStoragePower(watts: 50_000)
        }
        try village.advance(seconds: 3600 + 60)  // 13:01, rebooting
        let ess = try Self.client(village.site, "ess")
        defer { ess.close() }
        #expect(throws: ModbusError.self) { try ess.readHoldingRegisters(at: 40_000, count: 2) }
        try village.advance(seconds: 600)  // back
        #expect(try ess.readHoldingRegisters(at: 40_000, count: 2) == [0x5375, 0x6E53])
        #expect(village.host.withSimulation { $0.storage.powerW } == 0, "the reboot cleared the setpoint")
    }

    @Test func faultFileErrorsNameTheField() {
        let site = SimulatedVillageFixture.site()
        let cases: [(String, String)] = [
            ("faults:\n  - {device: meter-999, kind: noReply}\n", "faults[0].device"),
            ("faults:\n  - {device: meter-101, kind: exception, code: 3}\n", "faults[0].code"),
            ("faults:\n  - {device: meter-101, kind: melt}\n", "faults[0].kind"),
            ("faults:\n  - {device: meter-101, kind: noReply, probabilty: 0.5}\n", "faults[0].probabilty"),
            ("faults:\n  - {device: meter-101, kind: meterReplacement}\n", "faults[0].atSeconds"),
            ("faults:\n  - {device: meter-101, kind: noReply, probability: 2}\n", "faults[0].probability"),
        ]
        for (yaml, field) in cases {
            do {
                _ = try FaultPlan(yaml: yaml, file: "faults.yaml", site: site)
                Issue.record("accepted: \(yaml)")
            } catch {
                #expect(error.field == field, "\(error)")
                #expect(error.file == "faults.yaml")
            }
        }
    }

    /// With a probability the fault hits a seeded share of 15-minute slots: the same slots every run.
    @Test func intermittentFaultsAreSeeded() throws {
        let site = SimulatedVillageFixture.site()
        let plan = try FaultPlan(
            yaml: "seed: 5\nfaults:\n  - {device: meter-101, kind: exception, code: 6, probability: 0.5}\n", site: site)
        func pattern() throws -> [Bool] {
            let village = try SimulatedVillageFixture.village(site: site, faults: plan)
            defer { village.stop() }
            let meter = try Self.client(village.site, "meter-101")
            defer { meter.close() }
            var failed: [Bool] = []
            for _ in 0..<24 {
                try village.advance(seconds: 900)
                failed.append((try? meter.readInputRegisters(at: 0, count: 2)) == nil)
            }
            return failed
        }
        let first = try pattern()
        #expect(first.contains(true) && first.contains(false))
        #expect(try pattern() == first)
    }
}
