import DispatchControl
import EnergyDispatch
import FirmwareSim
import Foundation
import Logging
import Site
import VillageCore

/// The dispatch controller driving the village's physics directly, without Modbus, collector or
/// database: the fast what-if behind `village dispatch simulate`.
///
/// The same `VillageSimulation` runs the same warm-up; every interval the controller forecasts from
/// the ground truth of the last `historyDays` (what the collector would have measured), plans with
/// the same strategy, clamp and heat-pump allocation as `DispatchController.step(at:)`, and the
/// setpoints go straight to the simulated battery and heat pumps. What it leaves out is the wire:
/// register rounding of the battery rate, read-back, and the store's reconstruction of heat demand
/// from tank levels (`DispatchSimulation` keeps all of that, at about a hundred times the cost).
package enum InProcessDispatchSimulation {
    /// Progress after each simulated day.
    package struct Progress: Sendable {
        package var strategy: StrategyName
        package var day: Int
        package var days: Int
    }

    package static func run(
        _ configuration: DispatchSimulation.Configuration, historyDays: Int = 22,
        logger: Logger = Logger(label: "village.dispatch-sim"), progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> DispatchSimulation.Report {
        let began = ContinuousClock.now
        let site = configuration.site
        let history = TruthHistory(windowDays: historyDays)
        let warmupStart = configuration.start - Int64(configuration.warmupDays) * TimeGrid.daySeconds
        let simulation = try VillageSimulation(site: site, start: warmupStart)
        simulation.truthSink = history
        try simulation.run(until: configuration.start)

        let controller = try DispatchController(
            site: site, profiles: configuration.profiles, configuration: configuration.controller,
            forecasts: TruthForecastSource(
                history: history,
                forecaster: .standard(latitudeDeg: site.latitudeDeg, longitudeDeg: site.longitudeDeg)),
            logger: logger)
        simulation.storageRevertTimeoutSeconds = configuration.controller.revertTimeoutSeconds
        let end = configuration.start + Int64(configuration.days) * TimeGrid.daySeconds
        let step = configuration.controller.stepSeconds
        var control = DemoReport.Dispatch(strategy: configuration.controller.strategy.rawValue)
        let initial = measure(simulation)
        var now = configuration.start
        while now < end {
            var decision = await controller.decide(at: now, measured: measure(simulation))
            let pumps = await controller.heatPumpSetpoints(for: decision)
            decision.report.heatPumps = pumps
            decision.report.verified = apply(
                decision.report.setpoints, chargeFromGrid: decision.report.gridChargingAllowed, pumps: pumps,
                to: simulation)
            control.add(decision.report)
            try simulation.run(until: now + step)
            now += step
            if (now - configuration.start) % TimeGrid.daySeconds == 0 {
                progress(
                    Progress(
                        strategy: configuration.controller.strategy,
                        day: Int((now - configuration.start) / TimeGrid.daySeconds), days: configuration.days))
            }
        }
        let final = measure(simulation)
        for pump in site.heatPlant.heatPumps { simulation.releaseHeatPump(pump.device) }
        try? simulation.setStoragePower(watts: 0)
        let truth = history.all
        let accuracy = await controller.tracker.accuracy(against: DispatchSimulation.history(of: truth))
        return try DispatchSimulation.report(
            configuration, truth: truth, initial: initial, final: final, control: control, accuracy: accuracy,
            began: began)
    }

    /// The plant as the controller would read it: battery and tank energy, outdoor temperature and
    /// the COP of each running heat pump.
    static func measure(_ simulation: VillageSimulation) -> MeasuredPlant {
        let ess = simulation.site.ess
        var plant = MeasuredPlant(
            socPct: simulation.storage.storedWh / (ess.capacityKWh * 1000) * 100,
            batteryEnergyKWh: simulation.storage.storedWh / 1000, storageMaxW: ess.pcsPowerKW * 1000,
            hotTankKWh: simulation.hotTank.storedWh / 1000, coldTankKWh: simulation.coldTank.storedWh / 1000,
            outdoorTemperatureC: simulation.ambient.airTemperatureC)
        for pump in simulation.heatPumps where pump.running && pump.cop > 0.5 {
            plant.runningCOP[pump.device] = pump.cop
            plant.runningSide[pump.device] = pump.tank == .cold ? "cold" : "hot"
        }
        return plant
    }

    /// Commands the simulated devices as the Modbus controls would; false if one refused.
    static func apply(
        _ setpoints: DeviceSetpoints, chargeFromGrid: Bool, pumps: [HeatPumpSetpoint], to simulation: VillageSimulation
    ) -> Bool {
        var applied = true
        do {
            try simulation.setStoragePower(watts: Double(setpoints.batteryPowerW), chargeFromGrid: chargeFromGrid)
        } catch {
            applied = false
        }
        for pump in pumps {
            if pump.mode == .automatic {
                simulation.releaseHeatPump(pump.device)
                continue
            }
            do {
                try simulation.command(
                    heatPump: pump.device, enabled: pump.mode == .run,
                    powerW: pump.powerKW > 0 ? pump.powerKW * 1000 : nil, tank: pump.targetTank == 1 ? .cold : .hot,
                    holdSeconds: Int64(pump.revertSeconds))
            } catch {
                applied = false
            }
        }
        return applied
    }
}
