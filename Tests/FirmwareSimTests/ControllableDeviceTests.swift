import FirmwareSim
import Site
import Testing

@Suite("Controllable devices and meters")
struct ControllableDeviceTests {
    static let winterMidnight: Int64 = 1_735_657_200  // 2025-01-01 00:00 KST
    static let summerNoon: Int64 = 1_751_338_800  // 2025-07-01 12:00 KST

    @Test func storageChargesAtTheSetpointWithItsEfficiency() throws {
        let sim = try VillageSimulation(site: .default, start: Self.winterMidnight)
        let before = sim.storage.storedWh
        try sim.setStoragePower(watts: -100_000)
        try sim.advance(seconds: 600)
        let gained = sim.storage.storedWh - before
        let expected = 100_000 * 600 / 3600 * Site.default.ess.chargeEfficiency
        #expect(abs(gained - expected) < 0.01 * expected, "gained \(gained) Wh, expected \(expected)")
        #expect(sim.storage.powerW == -100_000)
    }

    @Test func storageRevertsToIdleAfterTheRevertTimeout() throws {
        let sim = try VillageSimulation(site: .default, start: Self.winterMidnight)
        try sim.setStoragePower(watts: 50_000)
        try sim.advance(seconds: Int64(Site.default.ess.revertTimeoutSeconds) - 60)
        #expect(sim.storage.powerW == 50_000)
        try sim.advance(seconds: 120)
        #expect(sim.storage.powerW == 0)
        let stored = sim.storage.storedWh
        try sim.advance(seconds: 3600)
        #expect(stored - sim.storage.storedWh < 50, "only self-discharge while idle")
    }

    @Test func storageStaysInsideItsSocWindow() throws {
        let sim = try VillageSimulation(site: .default, start: Self.winterMidnight)
        for _ in 0..<12 {
            try sim.setStoragePower(watts: 180_000)
            try sim.advance(seconds: 900)
        }
        #expect(abs(sim.storage.socPct - Site.default.ess.socMinPct) < 0.1)
        for _ in 0..<16 {
            try sim.setStoragePower(watts: -180_000)
            try sim.advance(seconds: 900)
        }
        #expect(abs(sim.storage.socPct - Site.default.ess.socMaxPct) < 0.1)
    }

    @Test(arguments: [200_000.0, -180_001, .nan])
    func storageRefusesSetpointsBeyondThePCS(watts: Double) throws {
        let sim = try VillageSimulation(site: .default, start: Self.winterMidnight)
        #expect(throws: SimulationError.self) { try sim.setStoragePower(watts: watts) }
        #expect(sim.storage.setpoint == nil)
    }

    @Test func heatPumpsChargeTheTankAtNightWithoutSetpoints() throws {
        let sim = try VillageSimulation(site: .default, start: Self.winterMidnight)
        let sink = CollectingSink()
        sim.truthSink = sink
        try sim.advance(seconds: 2 * 86_400)
        var night: Int64 = 0
        var day: Int64 = 0
        for interval in sink.intervals.suffix(96) {
            let hour = ((interval.start + 9 * 3600) % 86_400) / 3600
            let energy = interval.heatPumps.reduce(0) { $0 + $1.electricityWh }
            if hour >= 22 || hour < 8 { night += energy } else { day += energy }
        }
        #expect(night > 3 * day, "night \(night) Wh, day \(day) Wh")
        #expect(sink.intervals.allSatisfy { $0.hotTank.unmetWh == 0 })
    }

    @Test func heatPumpObeysOffAndPowerCommands() throws {
        let sim = try VillageSimulation(site: .default, start: Self.winterMidnight)
        try sim.command(heatPump: "hp-river", enabled: false)
        try sim.command(heatPump: "hp-ground", enabled: true, powerW: 20_000, tank: .hot)
        try sim.advance(seconds: 1800)
        #expect(sim.heatPumps[0].electricPowerW == 0)
        #expect(abs(sim.heatPumps[1].electricPowerW - 20_000) < 1)
        #expect(sim.heatPumps[1].tank == .hot)
        #expect(throws: SimulationError.self) { try sim.command(heatPump: "hp-ground", enabled: true, powerW: 46_000) }
        #expect(throws: SimulationError.self) { try sim.command(heatPump: "ess", enabled: true) }
    }

    @Test func metersNeverRunBackwards() throws {
        let sim = try VillageSimulation(site: .default, start: Self.summerNoon)
        var previous: [Int64] = []
        for _ in 0..<(2 * 1440) {
            try sim.step()
            let counters =
                sim.households.flatMap {
                    [
                        $0.consumption.whole, $0.roofPV.whole, $0.heating.whole,
                        $0.cooling.whole, $0.hotWater.whole, $0.waterVolume.whole,
                    ]
                }
                + sim.sharedArrays.map(\.energy.whole) + [sim.grid.imported.whole, sim.grid.exported.whole]
                + sim.heatPumps.map(\.electricity.whole)
            if !previous.isEmpty {
                #expect(zip(previous, counters).allSatisfy { $0 <= $1 })
            }
            previous = counters
        }
    }

    @Test func pvProducesBySummerDayAndNotAtNight() throws {
        let sim = try VillageSimulation(site: .default, start: Self.summerNoon - 12 * 3600)
        try sim.advance(seconds: 60)
        #expect(sim.sharedArrays.allSatisfy { $0.acPowerW == 0 })
        try sim.advance(seconds: 12 * 3600)
        #expect(sim.sharedArrays.allSatisfy { $0.acPowerW > 0 })
    }

    @Test func stepMustDivideTheInterval() {
        #expect(throws: SimulationError.self) { try VillageSimulation(site: .default, start: 0, stepSeconds: 7) }
    }
}
