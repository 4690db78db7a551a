import DeviceProfiles
import Foundation
import Modbus
import Site
import TestKit
import Testing
import VillageStore

@testable import Metering

/// Values a real register gives and a careless collector mishandles: float registers that read
/// NaN or an infinity, and 32-bit accumulators that roll over.
@Suite struct RegisterWidthTests {
    let profiles = try! ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters"))

    /// One device of the default site, served by an in-process Modbus server from `builder`.
    struct Served {
        var server: ModbusTCPServer
        var bank: RegisterBank
        var builder: DeviceImageBuilder
        var site: Site
        var device: Device
        var store: VillageStore
        var collector: MeteringCollector

        /// Writes `words` at the field's registers.
        func set(_ field: String, words: [UInt16]) throws {
            let (table, address) = try builder.location(of: field)
            switch table {
            case .holding: bank.setHoldingRegisters(words, at: address)
            case .input: bank.setInputRegisters(words, at: address)
            }
        }
    }

    func serve(_ deviceID: String, _ configure: (inout DeviceImageBuilder) throws -> Void) throws -> Served {
        var site = Site.default
        var device = try #require(site.device(deviceID))
        var builder = DeviceImageBuilder(profile: try profiles.profile(device.profile))
        try configure(&builder)
        let server = ModbusTCPServer()
        let bank = server.addUnit(1, space: builder.space)
        bank.load(builder.image)
        try server.start()
        device.endpoint = ModbusEndpoint(host: "127.0.0.1", port: server.port, unitId: 1)
        site.devices = [device]
        let store = try VillageStore(
            path: try TestFiles.temporaryDirectory().appendingPathComponent("village.sqlite").path)
        let collector = try MeteringCollector(site: site, profiles: profiles, store: store)
        return Served(
            server: server, bank: bank, builder: builder, site: site, device: device, store: store, collector: collector
        )
    }

    /// The float32 words of a bit pattern.
    static func words(_ bits: UInt32) -> [UInt16] { [UInt16(bits >> 16), UInt16(bits & 0xFFFF)] }

    // MARK: Non-finite floats

    @Test(arguments: [
        (UInt32(0x7FC0_0000), "NaN"),  // the quiet NaN (SunSpec's "not implemented")
        (0xFFC0_0000, "NaN"),  // the NaN an x86 FPU makes of 0/0
        (0x7F80_0000, "inf"),
        (0xFF80_0000, "-inf"),
    ])
    func aNonFiniteCounterIsARejectedValueNeverAReadingNorEnergy(bits: UInt32, shown: String) async throws {
        let served = try serve("meter-101") { builder in
            for field in builder.profile.fields where field.type == .float32 { try builder.set(field.name, to: 1) }
            try builder.set("import_energy", to: 100)
            try builder.set("export_energy", to: 0)
        }
        defer { served.server.stop() }
        let start = seoulMidnight
        // A good value, then the bad one for three polls, then good values to the interval's end.
        for minute in 0...15 {
            let time = start + Int64(minute) * 60
            if (1...3).contains(minute) {
                try served.set("import_energy", words: Self.words(bits))
            } else {
                try served.set("import_energy", words: Self.words(Float(100 + Double(minute) * 0.01).bitPattern))
            }
            let summary = try await served.collector.poll(at: time)
            #expect(summary.succeeded == 1)
        }
        await served.collector.shutdown()

        let events = try await served.store.events(from: .min, to: .max)
        let rejected = events.filter { $0.kind == .rejectedValue }
        #expect(rejected.map(\.timestamp) == (1...3).map { start + Int64($0) * 60 })
        #expect(rejected.allSatisfy { $0.channel == .energyImport && $0.detail.contains(shown) })
        #expect(!events.contains { $0.kind == .counterReset })

        let readings = try await served.store.readings(
            deviceId: "meter-101", channel: .energyImport, from: .min, to: .max)
        #expect(readings.map(\.timestamp) == ([0] + Array(4...15)).map { start + Int64($0) * 60 })
        // 100.00 kWh to 100.15 kWh: 150 Wh, nothing from the bad values.
        let intervals = try await served.store.intervals(
            owner: .household("101"), channel: .energyImport, from: .min, to: .max)
        #expect(intervals.map(\.value) == [150])
    }

    @Test func aNonFiniteInstantaneousValueIsRejectedAndNotStored() async throws {
        let served = try serve("meter-101") { builder in
            for field in builder.profile.fields where field.type == .float32 { try builder.set(field.name, to: 1) }
        }
        defer { served.server.stop() }
        try served.set("total_power", words: Self.words(0x7F80_0000))
        try await served.collector.poll(at: seoulMidnight)
        try served.set("total_power", words: Self.words(Float(1500).bitPattern))
        try await served.collector.poll(at: seoulMidnight + 60)
        await served.collector.shutdown()
        let rejected = try await served.store.events(from: .min, to: .max).filter { $0.kind == .rejectedValue }
        #expect(rejected.map(\.channel) == ["power.active"])
        let readings = try await served.store.readings(
            deviceId: "meter-101", channel: "power.active", from: .min, to: .max)
        #expect(readings.map(\.value) == [.real(1500)])
    }

    // MARK: Wraps at the register's width

    /// The SunSpec inverter's `WH` is an acc32: after 2³² − 1 it goes on from 0. Polled every
    /// minute across the rollover, the interval holds the distance around the register, scaled.
    @Test(arguments: [0, 1, -1])
    func anAcc32RolloverIsEnergyNotANewMeter(scaleFactor: Int) async throws {
        let served = try serve("pv-101") { builder in
            try builder.set("WH_SF", to: Double(scaleFactor))
            try builder.set("WH", to: 1)
        }
        defer { served.server.stop() }
        let wrap: UInt64 = 1 << 32
        // Five counts a minute (50 Wh at 10 Wh per count: within a 2.4 kW inverter's 60 Wh/min
        // with the collector's headroom), from 42 counts before the wrap (0 would read as "not
        // implemented" in an acc32).
        let counts = (0...15).map { (wrap - 42 + UInt64($0) * 5) % wrap }
        #expect(counts.contains { $0 < 100 })
        for (minute, count) in counts.enumerated() {
            try served.set("WH", words: [UInt16(count >> 16), UInt16(count & 0xFFFF)])
            let summary = try await served.collector.poll(at: seoulMidnight + Int64(minute) * 60)
            #expect(summary.succeeded == 1)
        }
        await served.collector.shutdown()

        // Only the device's health: no reset, no rejected value.
        let events = try await served.store.events(from: .min, to: .max)
        #expect(events.map(\.kind) == [.online], "\(events)")
        let intervals = try await served.store.intervals(
            owner: .household("101"), channel: .pvGeneration, from: .min, to: .max)
        // 15 steps of 5 counts, × 10^SF Wh per count (7.5 Wh, rounded down, at 0.1 Wh per count).
        let expected: Int64 = scaleFactor >= 0 ? 75 * Int64(pow(10, Double(scaleFactor))) : 7
        #expect(intervals.map(\.value) == [expected])
        #expect(intervals.map(\.quality) == [.measured])
    }

    /// Across restarts on either side of the rollover the counter keeps its width.
    @Test func aRolloverAfterARestartIsStillEnergy() async throws {
        var served = try serve("pv-101") { builder in
            try builder.set("WH_SF", to: 0)
            try builder.set("WH", to: 1)
        }
        defer { served.server.stop() }
        let wrap: UInt64 = 1 << 32
        let counts = (0...30).map { (wrap - 95 + UInt64($0) * 10) % wrap }
        for (minute, count) in counts.enumerated() {
            if minute == 8 || minute == 22 {
                // Restarts: a new collector on the same store, before the rollover at minute 10 (no
                // checkpoint yet: the readings are replayed) and after an interval (from its checkpoint).
                await served.collector.shutdown()
                served.collector = try MeteringCollector(site: served.site, profiles: profiles, store: served.store)
            }
            try served.set("WH", words: [UInt16(count >> 16), UInt16(count & 0xFFFF)])
            try await served.collector.poll(at: seoulMidnight + Int64(minute) * 60)
        }
        await served.collector.shutdown()
        let events = try await served.store.events(from: .min, to: .max)
        #expect(!events.contains { $0.kind == .counterReset || $0.kind == .rejectedValue }, "\(events)")
        let intervals = try await served.store.intervals(
            owner: .household("101"), channel: .pvGeneration, from: .min, to: .max)
        #expect(intervals.map(\.value) == [150, 150])
    }

    @Test(arguments: [
        (RegisterType.u16, 16), (.u32, 32), (.acc32, 32), (.u64, 64), (.acc64, 64), (.i16, 15), (.i32, 31), (.i64, 63),
    ])
    func everyIntegerCounterWrapsAtItsOwnWidth(type: RegisterType, bits: Int) {
        let field = Field(
            name: "c", semantic: "energy.import", location: .address(table: .input, 0), type: type, unit: "Wh")
        #expect(CounterRegister.staticShape(of: field, toBaseUnits: 1)?.registerBits == bits)
    }

    @Test func aFloatCounterHasNoWidthToWrapAt() {
        let field = Field(
            name: "c", semantic: "energy.import", location: .address(table: .input, 0), type: .float32, unit: "kWh")
        #expect(CounterRegister.staticShape(of: field, toBaseUnits: 1000) == .baseUnits)
    }
}
