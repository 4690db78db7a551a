import FirmwareSim
import Site
import Testing

/// SunSpec `ChaGriSet` on the simulated PCS: in "PV" mode a charge setpoint is a ceiling and the
/// battery takes only what the village would otherwise export, minute by minute.
struct StorageChargeModeTests {
    static let winterMidnight: Int64 = 1_735_657_200  // 2025-01-01 00:00 KST
    static let summerMorning: Int64 = 1_751_324_400  // 2025-07-01 08:00 KST

    @Test func pvModeTakesNothingWithoutPV() throws {
        let sim = try VillageSimulation(site: .default, start: Self.winterMidnight)
        try sim.setStoragePower(watts: -150_000, chargeFromGrid: false)
        try sim.advance(seconds: 900)
        #expect(sim.storage.charged.total == 0)
        try sim.setStoragePower(watts: -150_000, chargeFromGrid: true)
        try sim.advance(seconds: 900)
        #expect(abs(sim.storage.charged.total - 150_000.0 / 4) < 1)
    }

    /// From 08:00 to 16:00 on a summer day, a full-power charge request in "PV" mode: whenever the
    /// battery charges the village does not import (within the 1 W of a step's rounding), and it
    /// does charge from the surplus.
    @Test func pvModeNeverImportsWhileCharging() throws {
        let sim = try VillageSimulation(site: .default, start: Self.summerMorning)
        var chargingMinutes = 0
        for minute in 0..<(8 * 60) {
            if minute % 15 == 0 { try sim.setStoragePower(watts: -180_000, chargeFromGrid: false) }
            try sim.advance(seconds: 60)
            if sim.storage.powerW < 0 {
                chargingMinutes += 1
                #expect(sim.grid.powerW <= 1, "minute \(minute): importing \(sim.grid.powerW) W while charging")
            }
        }
        #expect(chargingMinutes > 60)
        #expect(sim.storage.charged.total > 10_000)
    }
}
