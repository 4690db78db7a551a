import DispatchControl
import EnergyDispatch
import FirmwareSim
import Foundation
import Site
import Testing
import VillageStore

/// The controller against the simulated village over Modbus, in lock step.
@Suite(.serialized) struct ControllerSimulatorTests {
    /// Surplus forecasts make self-consumption charge, deficits discharge; after each step the
    /// simulated battery must hold what the plan's first step expected (from the SoC read before it).
    /// Grid charging is allowed, so the PCS follows the charge rate itself rather than capping it at
    /// the real surplus (that cap: `GridChargingInPracticeTests`).
    @Test func essWritesMoveTheSimulatedSoCAsPlanned() async throws {
        let forecasts = GivenForecasts()
        let fixture = try ControllerFixture(strategy: .selfConsumption, forecasts: forecasts, gridCharging: .allowed)
        defer { fixture.village.stop() }
        var moved = 0
        for (index, surplus) in [40_000.0, 40_000, 20_000, -30_000, -45_000, -10_000, 0, 35_000].enumerated() {
            forecasts.set(pvWh: max(0, surplus) + 10_000, loadWh: max(0, -surplus) + 10_000)
            let before = fixture.batteryKWh
            let report = await fixture.controller.step(at: fixture.now)
            #expect(report.failure == nil, "step \(index): \(report.failure ?? "")")
            #expect(report.verified, "step \(index): read-back did not confirm the setpoints")
            let step = try #require(report.planStep)
            // The plan was made from the SoC read over Modbus (0.1 % resolution = 0.4 kWh).
            #expect(abs(report.measured.batteryEnergyKWh - before) < 0.25)
            try fixture.village.advance(seconds: 900)
            let plannedChange = (step.batteryEnergyWh / 1000) - report.measured.batteryEnergyKWh
            let actualChange = fixture.batteryKWh - before
            #expect(
                abs(actualChange - plannedChange) < 0.3,
                "step \(index): planned \(plannedChange) kWh, simulated \(actualChange) kWh")
            if abs(actualChange) > 5 { moved += 1 }
            // Charging when surplus was forecast, discharging on deficit.
            if surplus > 0 { #expect(actualChange > 0) } else if surplus < 0 { #expect(actualChange < 0) }
        }
        #expect(moved >= 6)
        await fixture.controller.close()
    }

    /// When the controller stops writing, the PCS holds the last setpoint until the revert timeout the
    /// controller wrote, then idles; the shutdown's safe state idles it at once.
    @Test(arguments: [600, 1_200])
    func essReturnsToIdleWithinTheRevertTimeout(revertSeconds: Int) async throws {
        let forecasts = GivenForecasts()
        forecasts.set(pvWh: 10_000, loadWh: 50_000)
        let fixture = try ControllerFixture(
            strategy: .selfConsumption, forecasts: forecasts, revertTimeoutSeconds: revertSeconds)
        defer { fixture.village.stop() }
        let report = await fixture.controller.step(at: fixture.now)
        #expect(report.storage.revertSeconds == revertSeconds)
        #expect(report.storage.mode == 2)
        try fixture.village.advance(seconds: 60)
        #expect(fixture.batteryPowerW > 100_000)
        try fixture.village.advance(seconds: Int64(revertSeconds) - 120)
        #expect(fixture.batteryPowerW > 100_000, "idle before the revert timeout")
        try fixture.village.advance(seconds: 120)
        #expect(fixture.batteryPowerW == 0, "still \(fixture.batteryPowerW) W after the revert timeout")
        let idle = await fixture.controller.readPlant()
        let energy = fixture.batteryKWh
        try fixture.village.advance(seconds: 1800)
        #expect(abs(fixture.batteryKWh - energy) < 0.05)
        #expect(idle.batteryEnergyKWh.isFinite)

        // Running again, then shut down: idle at once.
        await fixture.controller.step(at: fixture.now)
        try fixture.village.advance(seconds: 60)
        #expect(fixture.batteryPowerW > 100_000)
        let safe = await fixture.controller.writeSafeState(at: fixture.now)
        #expect(
            safe.contains { $0.deviceId == fixture.site.ess.device && $0.setpoint == "StorCtl_Mod" && $0.value == 0 })
        try fixture.village.advance(seconds: 60)
        #expect(fixture.batteryPowerW == 0)
        let pumpsCommanded = fixture.village.host.withSimulation { $0.heatPumps.contains { $0.command != nil } }
        #expect(!pumpsCommanded, "heat pumps not back on their own controller after the safe state")
        await fixture.controller.close()
    }
}
