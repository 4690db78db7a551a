import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Foundation
import Site
import Tariffs
import TestKit
import Testing

/// The site file's `dispatch:` section reaches the controller: its configuration, the LP's plant
/// parameters, and errors that name the site key when a setting makes the plan infeasible.
struct SiteDispatchSettingsTests {
    static let noon: Int64 = ControllerFixture.winterMidnight + 12 * 3600  // 2025-01-01 12:00 KST

    /// The reference site with `section` as its `dispatch:` lines, read as a site file is.
    static func site(_ section: String) throws -> Site {
        try Site(
            yaml: Site.default.yamlText() + "dispatch:\n"
                + section.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n")
    }

    static func controller(site: Site, forecasts: GivenForecasts) throws -> DispatchController {
        let tariffs = TariffLibrary(directory: TestFiles.repository.appendingPathComponent("Tariffs").path)
        let configuration = try DispatchControllerConfiguration(
            settings: site.dispatch, tariff: try tariffs.tariff(named: "kepco-industrial-eul-high-voltage-a-option-1"),
            exportTariff: try tariffs.tariff(named: "smp-export"))
        let profiles = try ProfileLibrary(directory: TestFiles.repository.appendingPathComponent("Meters"))
        // No device is contacted: `plan(at:measured:)` only forecasts and solves.
        return try DispatchController(
            site: site, profiles: profiles, configuration: configuration, forecasts: forecasts)
    }

    static func measured(batteryKWh: Double) -> MeasuredPlant {
        var plant = MeasuredPlant()
        plant.batteryEnergyKWh = batteryKWh
        plant.socPct = batteryKWh / 4
        plant.hotTankKWh = 1_500
        plant.coldTankKWh = 800
        return plant
    }

    @Test func siteNamesMatchTheScheduler() {
        #expect(DispatchSettings.strategies == StrategyName.allCases.map(\.rawValue))
        #expect(DispatchSettings.solvers == SolverKind.allCases.map(\.rawValue))
    }

    @Test func configurationAndPlantFollowTheSiteFile() async throws {
        let site = try Self.site(
            """
            strategy: tou-rules
            solver: glpk
            horizonHours: 36
            wearCostWonPerKWh: 12.5
            demandChargeWonPerKW: 8320
            socReserve: {socPct: 60, byLocalTime: "17:45"}
            terminal: {mode: targets, batteryKWh: 200, hotTankKWh: 1000, coldTankKWh: 100}
            nightChargeTargetPct: 80
            tankShortfallPenaltyFactor: 3.5
            revertTimeoutSeconds: 1800
            responseTimeoutMs: 750
            defaultHeatingCOP: 3.5
            """)
        let controller = try Self.controller(site: site, forecasts: GivenForecasts())
        let configuration = await controller.configuration
        #expect(
            configuration.strategy == .touRules && configuration.solver == .glpk && configuration.horizonSteps == 144)
        #expect(configuration.revertTimeoutSeconds == 1800 && configuration.responseTimeout == .milliseconds(750))
        #expect(configuration.defaultHeatingCOP == 3.5 && configuration.defaultCoolingCOP == 4.5)
        let plant = await controller.plantParameters(coolingExpected: false)
        #expect(plant.battery.wearCostMilliWonPerKWh == 12_500)
        #expect(plant.demandChargeMilliWonPerKW == 8_320_000)
        #expect(plant.reserve == SoCReserve(minuteOfDay: 17 * 60 + 45, socFraction: 0.6))
        #expect(plant.tankShortfallPenaltyFactor == 3.5)
        #expect(
            plant.tankChargeTarget
                == TankChargeTarget(
                    minuteOfDay: site.heatPlant.nightChargeEndHour * 60, hotFraction: 0.8, coldFraction: 0))
        #expect(
            await controller.plantParameters(coolingExpected: true).tankChargeTarget
                == TankChargeTarget(
                    minuteOfDay: site.heatPlant.nightChargeEndHour * 60, hotFraction: 0.8, coldFraction: 0.8))
        // Tank targets count the whole tank; the plan sees the tank above heatPlant.reserveChargePct.
        let hotReserve = site.heatPlant.hotTank.capacityKWh * site.heatPlant.reserveChargePct / 100
        let coldReserve = site.heatPlant.coldTank.capacityKWh * site.heatPlant.reserveChargePct / 100
        #expect(
            plant.terminal
                == .targets(batteryKWh: 200, hotTankKWh: 1000 - hotReserve, coldTankKWh: max(0, 100 - coldReserve)))
        await controller.close()
    }

    @Test func aZeroNightTargetSetsNone() async throws {
        let controller = try Self.controller(
            site: try Self.site("nightChargeTargetPct: 0"), forecasts: GivenForecasts())
        #expect(await controller.plantParameters(coolingExpected: true).tankChargeTarget == nil)
        await controller.close()
    }

    @Test func withoutTheSectionThePlantIsAsBefore() async throws {
        let controller = try Self.controller(site: Site.default, forecasts: GivenForecasts())
        let plant = await controller.plantParameters(coolingExpected: false)
        let defaults = PlantParameters()
        #expect(plant.battery.wearCostMilliWonPerKWh == defaults.battery.wearCostMilliWonPerKWh)
        #expect(plant.demandChargeMilliWonPerKW == defaults.demandChargeMilliWonPerKW)
        #expect(plant.reserve == nil && plant.terminal == .automatic)
        // The night target and the shortfall penalty as they were when they were constants.
        #expect(
            plant.tankChargeTarget
                == TankChargeTarget(
                    minuteOfDay: Site.default.heatPlant.nightChargeEndHour * 60, hotFraction: 0.95, coldFraction: 0))
        #expect(plant.tankShortfallPenaltyFactor == 2)
        let configuration = await controller.configuration
        #expect(configuration.horizonSteps == 96 && configuration.strategy == .optimal)
        await controller.close()
    }

    /// 95 % by 14:00 from 10 % at noon: the PCS could charge it in the eight steps (so the request's
    /// own check passes), but a 380 kW load leaves only 20 kW of the 400 kW grid connection to charge
    /// with. The solver's diagnosis names the reserve constraint, and the controller the site key.
    @Test func infeasibleReserveFromTheSiteFileNamesTheConstraintAndTheKey() async throws {
        // Without PV only the grid can reach the reserve, so this site lets it charge the battery.
        let site = try Self.site("socReserve: {socPct: 95, byLocalTime: \"14:00\"}\ngridCharging: allowed")
        let forecasts = GivenForecasts()
        forecasts.set(pvWh: 0, loadWh: 380_000 / 4, heatWh: 0)
        let controller = try Self.controller(site: site, forecasts: forecasts)
        defer { Task { await controller.close() } }
        do {
            _ = try await controller.plan(at: Self.noon, measured: Self.measured(batteryKWh: 40))
            Issue.record("an unreachable reserve was planned")
        } catch let error as DispatchError {
            #expect(error.code == .infeasible, "\(error)")
            #expect(error.constraint == .socReserve, "\(error)")
            #expect(error.field == "dispatch.socReserve", "\(error)")
            #expect(error.description.contains("dispatch.socReserve 95.0 % by 14:00"), "\(error)")
        }
        // The same reserve with the grid free to charge is planned and held.
        forecasts.set(pvWh: 0, loadWh: 50_000 / 4, heatWh: 0)
        let (request, plan) = try await controller.plan(at: Self.noon, measured: Self.measured(batteryKWh: 40))
        #expect(request.plant.reserve == SoCReserve(minuteOfDay: 14 * 60, socFraction: 0.95))
        #expect(plan.steps[7].batteryEnergyWh >= 0.95 * 400_000 - 1)  // the step ending at 14:00
    }

    @Test func reserveThePCSCannotReachIsRejectedBeforeSolving() async throws {
        let site = try Self.site("socReserve: {socPct: 95, byLocalTime: \"12:30\"}")
        let forecasts = GivenForecasts()
        forecasts.set(pvWh: 0, loadWh: 10_000, heatWh: 0)
        let controller = try Self.controller(site: site, forecasts: forecasts)
        defer { Task { await controller.close() } }
        await #expect(throws: DispatchError.self) {
            do {
                _ = try await controller.plan(at: Self.noon, measured: Self.measured(batteryKWh: 40))
            } catch let error as DispatchError {
                #expect(error.code == .infeasibleReserve)
                #expect(error.field == "dispatch.socReserve")
                #expect(error.constraint == .socReserve)
                #expect(
                    error.description.hasPrefix("dispatch.socReserve, step 1, constraint soc-reserve: "), "\(error)")
                throw error
            }
        }
    }
}
