import DeviceProfiles
import DispatchControl
import EnergyDispatch
import FirmwareSim
import Foundation
import Logging
import Metering
import Site
import Tariffs
import VillageCore
import VillageStore

/// Runs the simulated village, the collector and the dispatch controller in lock step over real
/// Modbus, as the demo runs the collector: every `pollSeconds` the collector polls, and at every
/// interval boundary the controller reads the plant, forecasts from the store, plans and writes.
/// A warm-up with the devices on their own controllers first fills the store with history (three
/// days by default, so that a Monday has a weekday to learn from).
/// The cost is the ground truth's grid import and export priced by the tariff.
package enum DispatchSimulation {
    package struct Configuration: Sendable {
        package var site: Site
        package var profiles: ProfileLibrary
        /// UTC Unix seconds at which the measured days begin (the warm-up runs before).
        package var start: Int64
        package var days: Int
        package var warmupDays = 3
        /// Every quarter hour a reading falls on each interval boundary, so intervals are still `measured`.
        package var pollSeconds: Int64 = TimeGrid.quarterHourSeconds
        package var databasePath: String
        package var controller: DispatchControllerConfiguration

        package init(
            site: Site, profiles: ProfileLibrary, start: Int64, days: Int, databasePath: String,
            controller: DispatchControllerConfiguration
        ) {
            self.site = site
            self.profiles = profiles
            self.start = start
            self.days = days
            self.databasePath = databasePath
            self.controller = controller
        }
    }

    /// What a simulated run cost and did.
    package struct Report: Sendable, Codable {
        package var strategy: StrategyName
        package var start: Int64
        package var days: Int
        /// Ground-truth grid energy priced by the tariff: import cost − export revenue, won.
        package var gridCostWon: Double
        /// The battery and tanks' stored energy gained over the run, valued at what it costs to buy it
        /// again at the cheapest import price of the run (battery ÷ charge efficiency, tanks ÷ the
        /// COP measured by the heat pumps), won: so a strategy that ends fuller is not charged for
        /// energy it still has, nor one that ends emptier rewarded.
        package var storedEnergyGainWon: Double
        /// Stored energy at the end minus at the start, kWh (battery, hot tank, cold tank).
        package var batteryGainKWh: Double
        package var hotTankGainKWh: Double
        package var coldTankGainKWh: Double
        /// Cheapest import price of the run, milli-won per kWh, and the COPs used for the valuation.
        package var lowestImportPriceMilliWonPerKWh: Double
        package var heatingCOP: Double
        package var coolingCOP: Double
        /// `gridCostWon − storedEnergyGainWon`: what strategies are compared on.
        package var costWon: Double
        package var importKWh: Double
        package var exportKWh: Double
        package var peakImportKW: Double
        package var batteryChargedKWh: Double
        package var batteryDischargedKWh: Double
        package var heatPumpKWh: Double
        /// Heat-pump electricity by the tariff's period name (e.g. light, mid, peak load).
        package var heatPumpKWhByPeriod: [String: Double]
        /// PV produced in the village, and the share of it used there (1 − export ÷ PV).
        package var pvKWh: Double
        package var selfConsumption: Double
        /// Energy discharged over the battery's usable capacity (its SoC window).
        package var equivalentFullCycles: Double
        package var unmetThermalKWh: Double
        package var controlSteps: Int
        package var failedSteps: Int
        package var unverifiedSteps: Int
        package var firstFailure: String?
        package var commandsWritten: Int
        package var commandsClamped: Int
        package var forecastAccuracy: SiteForecastAccuracy
        package var wallSeconds: Double
    }

    /// Measured series from the ground truth, to score the forecasts against.
    package static func history(of truth: [IntervalTruth]) -> SiteHistory {
        var pv: [Int64: Double] = [:]
        var load: [Int64: Double] = [:]
        var heat: [Int64: Double] = [:]
        var cooling: [Int64: Double] = [:]
        var outdoor: [Int64: Double] = [:]
        for interval in truth {
            outdoor[interval.start] = interval.airTemperatureC
            pv[interval.start] = Double(
                interval.households.reduce(0) { $0 + $1.roofPVWh } + interval.pvArrays.reduce(0) { $0 + $1.energyWh })
            load[interval.start] = Double(
                interval.households.reduce(0) { $0 + $1.consumptionWh } + interval.publicBuildingsWh)
            heat[interval.start] = Double(interval.hotTank.deliveredWh)
            cooling[interval.start] = Double(interval.coldTank.deliveredWh)
        }
        return SiteHistory(
            pv: IntervalSeries(valuesWh: pv), load: IntervalSeries(valuesWh: load),
            heatDemand: IntervalSeries(valuesWh: heat), coolingDemand: IntervalSeries(valuesWh: cooling),
            outdoorTemperature: TemperatureSeries(celsius: outdoor))
    }

    /// Heat delivered per electric energy over the run, from the ground truth (the configured
    /// defaults when the heat pumps did not run on that side).
    static func meanCOP(truth: [IntervalTruth], configuration: DispatchControllerConfiguration) -> (
        heating: Double, cooling: Double
    ) {
        var electricHot = 0.0
        var heat = 0.0
        var electricCold = 0.0
        var cold = 0.0
        for interval in truth {
            for pump in interval.heatPumps {
                if pump.heatToHotTankWh > 0 {
                    electricHot += Double(pump.electricityWh)
                    heat += Double(pump.heatToHotTankWh)
                }
                if pump.coldToColdTankWh > 0 {
                    electricCold += Double(pump.electricityWh)
                    cold += Double(pump.coldToColdTankWh)
                }
            }
        }
        return (
            electricHot > 1000 ? heat / electricHot : configuration.defaultHeatingCOP,
            electricCold > 1000 ? cold / electricCold : configuration.defaultCoolingCOP
        )
    }

    package static func run(
        _ configuration: Configuration, logger: Logger = Logger(label: "village.dispatch-sim"),
        onStep: @Sendable (DispatchStepReport) -> Void = { _ in }
    ) async throws -> Report {
        let began = ContinuousClock.now
        let truth = DemoTruth()
        let warmupStart = configuration.start - Int64(configuration.warmupDays) * TimeGrid.daySeconds
        let village = try SimulatedVillage.startedOnFreePorts(
            configuration.site, start: warmupStart, profiles: configuration.profiles, truthSink: truth, logger: logger)
        let site = village.site
        defer { village.stop() }
        let store = try VillageStore(path: configuration.databasePath)
        var collectorConfiguration = CollectorConfiguration()
        collectorConfiguration.pollIntervalSeconds = configuration.pollSeconds
        collectorConfiguration.responseTimeout = SimulatedVillage.lockStepResponseTimeout
        let collector = try MeteringCollector(
            site: site, profiles: configuration.profiles, store: store,
            configuration: collectorConfiguration, logger: logger)
        var controllerConfiguration = configuration.controller
        controllerConfiguration.responseTimeout = SimulatedVillage.lockStepResponseTimeout
        let controller = try DispatchController(
            site: site, profiles: configuration.profiles, configuration: controllerConfiguration,
            forecasts: StoreForecastSource(store: store, site: site), store: store, logger: logger)

        let end = configuration.start + Int64(configuration.days) * TimeGrid.daySeconds
        let step = configuration.controller.stepSeconds
        var initial: MeasuredPlant?
        var control = DemoReport.Dispatch(strategy: configuration.controller.strategy.rawValue)
        var now = warmupStart
        while now < end {
            try await collector.poll(at: now)
            if now >= configuration.start, now % step == 0 {
                let report = await controller.step(at: now)
                if initial == nil { initial = report.measured }
                control.add(report)
                onStep(report)
            }
            try village.advance(seconds: configuration.pollSeconds)
            now += configuration.pollSeconds
        }
        try await collector.poll(at: now)
        // The last day is recorded now: its forecast errors need not wait for the next day's plans.
        await controller.recordForecastErrors(completedBy: now)
        let final = await controller.readPlant()
        await controller.writeSafeState(at: now)
        await controller.close()
        await collector.shutdown()

        let accuracy = await controller.tracker.accuracy(against: history(of: truth.all))
        return try report(
            configuration, truth: truth.all, initial: initial, final: final, control: control, accuracy: accuracy,
            began: began)
    }

    /// The report of a run from its ground truth (every interval, warm-up included), the plant as the
    /// controller measured it at the start and at the end, and the control steps.
    static func report(
        _ configuration: Configuration, truth all: [IntervalTruth], initial: MeasuredPlant?, final: MeasuredPlant,
        control: DemoReport.Dispatch, accuracy: SiteForecastAccuracy, began: ContinuousClock.Instant
    ) throws -> Report {
        let site = configuration.site
        let end = configuration.start + Int64(configuration.days) * TimeGrid.daySeconds
        let step = configuration.controller.stepSeconds
        let measured = all.filter { $0.start >= configuration.start && $0.start < end }
        let timeline = try configuration.controller.tariff.priceTimeline(
            from: configuration.start, steps: measured.count, stepSeconds: step)
        let costMilli = try DemoTruth.gridCosts(
            of: all, tariff: configuration.controller.tariff, exportTariff: configuration.controller.exportTariff,
            from: configuration.start, to: end
        ).withPlant
        var importWh: Int64 = 0
        var exportWh: Int64 = 0
        var peakWh: Int64 = 0
        var charged: Int64 = 0
        var discharged: Int64 = 0
        var pumps: Int64 = 0
        var pumpsByPeriod: [String: Int64] = [:]
        var pvWh: Int64 = 0
        var unmet: Int64 = 0
        let periodByStart = Dictionary(
            zip(timeline.indices.map { configuration.start + Int64($0) * step }, timeline.map(\.period)),
            uniquingKeysWith: { first, _ in first })
        for interval in measured {
            let pumpWh = interval.heatPumps.reduce(0) { $0 + $1.electricityWh }
            pumpsByPeriod[periodByStart[interval.start - interval.start % step] ?? "unpriced", default: 0] += pumpWh
            pvWh +=
                interval.households.reduce(0) { $0 + $1.roofPVWh } + interval.pvArrays.reduce(0) { $0 + $1.energyWh }
            importWh += interval.grid.importWh
            exportWh += interval.grid.exportWh
            peakWh = max(peakWh, interval.grid.importWh)
            charged += interval.storage.chargedWh
            discharged += interval.storage.dischargedWh
            pumps += interval.heatPumps.reduce(0) { $0 + $1.electricityWh }
            unmet += interval.hotTank.unmetWh + interval.coldTank.unmetWh
        }
        let imports = timeline.compactMap(\.importPriceMilliPerKWh).map(Double.init)
        let lowestPrice = imports.min() ?? 0
        let cop = DispatchSimulation.meanCOP(truth: measured, configuration: configuration.controller)
        let gains = (
            battery: (final.batteryEnergyKWh - (initial?.batteryEnergyKWh ?? .nan)),
            hot: (final.hotTankKWh - (initial?.hotTankKWh ?? .nan)),
            cold: (final.coldTankKWh - (initial?.coldTankKWh ?? .nan))
        )
        var gainMilli =
            gains.battery * lowestPrice / site.ess.chargeEfficiency
            + gains.hot * lowestPrice / cop.heating + gains.cold * lowestPrice / cop.cooling
        if !gainMilli.isFinite { gainMilli = 0 }
        return Report(
            strategy: configuration.controller.strategy, start: configuration.start, days: configuration.days,
            gridCostWon: costMilli / 1000, storedEnergyGainWon: gainMilli / 1000,
            batteryGainKWh: gains.battery, hotTankGainKWh: gains.hot, coldTankGainKWh: gains.cold,
            lowestImportPriceMilliWonPerKWh: lowestPrice, heatingCOP: cop.heating, coolingCOP: cop.cooling,
            costWon: (costMilli - gainMilli) / 1000,
            importKWh: Double(importWh) / 1000, exportKWh: Double(exportWh) / 1000,
            peakImportKW: Double(peakWh) / 1000 * 3600 / Double(step),
            batteryChargedKWh: Double(charged) / 1000, batteryDischargedKWh: Double(discharged) / 1000,
            heatPumpKWh: Double(pumps) / 1000, heatPumpKWhByPeriod: pumpsByPeriod.mapValues { Double($0) / 1000 },
            pvKWh: Double(pvWh) / 1000, selfConsumption: pvWh > 0 ? 1 - Double(exportWh) / Double(pvWh) : 0,
            equivalentFullCycles: Double(discharged)
                / (site.ess.capacityKWh * (site.ess.socMaxPct - site.ess.socMinPct) / 100 * 1000),
            unmetThermalKWh: Double(unmet) / 1000, controlSteps: control.controlSteps,
            failedSteps: control.failedSteps, unverifiedSteps: control.unverifiedSteps,
            firstFailure: control.firstFailure,
            commandsWritten: control.commandsWritten, commandsClamped: control.commandsClamped,
            forecastAccuracy: accuracy,
            wallSeconds: Double((ContinuousClock.now - began).components.seconds))
    }
}
