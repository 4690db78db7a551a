import DeviceProfiles
import Foundation
import Metering
import Modbus
import Site
import TestKit
import Testing
import VillageStore

/// A device that answers with absurd numbers is recorded as such, never trusted, never fatal.
@Suite struct WildValueTests {
    /// A battery whose SoC scale factor reads 10³⁰: the level is far beyond any integer Wh. It must
    /// become a rejected-value event, not a trap in the conversion that stops the whole collector.
    @Test func aLevelBeyondAnyIntegerIsRejectedAndTheCollectorGoesOn() async throws {
        let profiles = try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters"))
        var site = Site.default
        let ess = try #require(site.device(site.ess.device))
        let profile = try profiles.profile(ess.profile)
        var builder = DeviceImageBuilder(profile: profile)
        try builder.set("ChaState_SF", to: 30)
        let server = ModbusTCPServer()
        let bank = server.addUnit(1, space: builder.space)
        bank.load(builder.image)
        // 50 × 10³⁰ %: the raw register is 50, whatever the scale factor says.
        let (table, address) = try builder.location(of: "ChaState")
        #expect(table == .holding)
        bank.setHoldingRegisters([50], at: address)
        try server.start()
        defer { server.stop() }

        var device = ess
        device.endpoint = ModbusEndpoint(host: "127.0.0.1", port: server.port, unitId: 1)
        site.devices = [device]
        let store = try VillageStore(
            path: try TestFiles.temporaryDirectory().appendingPathComponent("village.sqlite").path)
        let collector = try MeteringCollector(site: site, profiles: profiles, store: store)
        for minute in 0..<3 {
            let summary = try await collector.poll(at: 1_750_000_000 + Int64(minute) * 60)
            #expect(summary.succeeded == 1)
        }
        await collector.shutdown()
        let events = try await store.events(from: .min, to: .max).filter { $0.kind == .rejectedValue }
        #expect(events.count == 3)
        #expect(events.allSatisfy { $0.detail.contains("out of range") })
        #expect(try await store.readings(deviceId: ess.id, channel: .essStateOfCharge, from: .min, to: .max).isEmpty)
    }
}
