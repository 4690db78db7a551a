import DispatchControl
import EnergyDispatch
import FirmwareSim
import Foundation
import Logging
import Site
import Testing
import VillageCore
import VillageStore

/// Whatever the forecasts say, every command the controller writes is within the device ratings and
/// the simulated battery and tanks stay inside their windows: a seeded run with wild forecasts.
/// Forecasts beyond the plant make the optimal strategy refuse to plan (no plan meets the demand);
/// the controller then falls back to the safe state and says so as a warning, which is asserted.
@Suite(.serialized) struct CommandRatingsTests {
    @Test(arguments: [StrategyName.optimal, .touRules, .selfConsumption])
    func everyCommandIsWithinDeviceRatings(strategy: StrategyName) async throws {
        let forecasts = GivenForecasts()
        let log = RecordedLog()
        let fixture = try ControllerFixture(strategy: strategy, forecasts: forecasts, logger: log.logger())
        defer { fixture.village.stop() }
        var fallbacks = 0
        var generator = SeededGenerator(seed: 42 &+ UInt64(strategy.rawValue.count))
        let site = fixture.site
        let pumps = Dictionary(uniqueKeysWithValues: site.heatPlant.heatPumps.map { ($0.device, $0) })
        var written = 0
        var charged = 0
        var discharged = 0
        for step in 0..<48 {
            // From nothing to far beyond the plant (a forecast bug must not reach the devices).
            let scale = [1.0, 10, 100, 1_000][Int(generator.next() % 4)]
            forecasts.set(
                pvWh: Double(generator.next() % 60_000) * scale, loadWh: Double(generator.next() % 60_000) * scale,
                heatWh: Double(generator.next() % 40_000) * scale, coolingWh: Double(generator.next() % 20_000))
            let report = await fixture.controller.step(at: fixture.now)
            #expect(report.verified)
            if let failure = report.failure {
                // The only failure here: an LP plan must meet all the demand, and no plan meets more
                // than the grid, battery, heat pumps and tanks can give. The rule strategies never
                // refuse; they serve what they can.
                #expect(strategy == .optimal, "step \(step): \(failure)")
                #expect(report.unmeetableForecast != nil, "step \(step): \(failure)")
                #expect(report.planStep == nil)
                #expect(report.storage.mode == 0, "step \(step): the battery is not idle after a refused plan")
                #expect(report.heatPumps.allSatisfy { $0.mode == .automatic })
                fallbacks += 1
            } else {
                #expect(report.planStep != nil && report.unmeetableForecast == nil)
            }
            let pcsW = site.ess.pcsPowerKW * 1000
            #expect(abs(Double(report.setpoints.batteryPowerW)) <= pcsW)
            for command in report.commands {
                written += 1
                switch (command.deviceId, command.setpoint) {
                case (site.ess.device, "InWRte"), (site.ess.device, "OutWRte"):
                    #expect((0...100).contains(command.value), "\(command)")
                case (site.ess.device, "StorCtl_Mod"):
                    #expect([0, 1, 2].contains(command.value), "\(command): never charge and discharge at once")
                    if command.value == 1 { charged += 1 }
                    if command.value == 2 { discharged += 1 }
                case (site.ess.device, "InOutWRte_RvrtTms"):
                    #expect(command.value > 900 && command.value <= 3600)
                case (let device, "power_setpoint"):
                    let pump = try #require(pumps[device])
                    #expect(
                        command.value == 0
                            || (command.value >= pump.electricPowerMinKW - 1e-9
                                && command.value <= pump.electricPowerMaxKW + 1e-9),
                        "\(command)")
                case (_, "mode"):
                    #expect([0, 1, 2].contains(command.value))
                default:
                    break
                }
            }
            // The power the PCS was told stays within its rating.
            #expect(abs(report.storage.powerW(maxW: pcsW)) <= pcsW + 1e-6)
            try fixture.village.advance(seconds: 900)
            let (energyWh, hotWh, coldWh) = fixture.village.host.withSimulation {
                ($0.storage.storedWh, $0.hotTank.storedWh, $0.coldTank.storedWh)
            }
            // Self-discharge may take an idle battery a little below the window (physics, not a
            // command), but the controller never discharges it there.
            let selfDischargeWh =
                site.ess.capacityKWh * 1000 * site.ess.selfDischargePctPerDay / 100 * Double(step + 1) * 900 / 86_400
            #expect(energyWh >= site.ess.capacityKWh * 1000 * site.ess.socMinPct / 100 - selfDischargeWh - 1)
            if report.measured.socPct <= site.ess.socMinPct { #expect(report.storage.mode != 2) }
            #expect(energyWh <= site.ess.capacityKWh * 1000 * site.ess.socMaxPct / 100 + 1)
            #expect(hotWh >= 0 && hotWh <= site.heatPlant.hotTank.capacityKWh * 1000 + 1)
            #expect(coldWh >= 0 && coldWh <= site.heatPlant.coldTank.capacityKWh * 1000 + 1)
        }
        #expect(written >= 48 * 4)
        #expect(charged + discharged > 0, "the battery was never commanded")
        if strategy == .optimal {
            #expect(fallbacks > 0, "no forecast was beyond the plant: the fallback was not exercised")
            #expect(fallbacks < 48, "no forecast was planned")
        }
        // Each fallback logged once, as a handled warning naming the constraint; nothing as an error.
        let lines = log.lines
        #expect(!lines.contains { $0.level >= .error }, "\(lines.filter { $0.level >= .error }.map(\.message))")
        let fallbackLines = lines.filter { $0.message.contains("falling back to the safe state") }
        #expect(fallbackLines.count == fallbacks)
        #expect(fallbackLines.allSatisfy { $0.level == .warning && $0.metadata["dispatch.constraint"] != nil })
        await fixture.controller.close()
    }
}
