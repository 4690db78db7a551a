import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Logging
import Site
import Tariffs
import VillageCore
import VillageStore

/// What would the village have paid under another strategy? Replays a recorded period of a village
/// database: the recorded load, PV and heat and cooling demand (`RecordedSiteHistory`) meet the
/// dispatch controller of each strategy, which every 15 minutes forecasts from what had been recorded
/// before that step, plans, and passes the first step through the safety clamp, exactly as the daemon
/// does; the plant's physics (`PlantSimulator`) carries the battery and tanks from the recorded
/// levels at the start. The grid energy that results is priced by the plant's tariff beside what the
/// grid meter recorded.
///
/// The database is opened read-only and nothing is written. A period must be recorded without
/// gaps: missing intervals are neither filled nor skipped (either would change what is compared),
/// so the replay refuses them by name.
package enum StoreReplay {
    package struct Configuration: Sendable {
        package var site: Site
        package var profiles: ProfileLibrary
        package var databasePath: String
        /// The replayed period, UTC Unix seconds on step boundaries, `[from, to)`.
        package var from: Int64
        package var to: Int64
        /// Strategy, horizon, tariffs; the COPs are replaced by the recorded ones.
        package var controller: DispatchControllerConfiguration
        package var strategies: [StrategyName]
        /// Days of recorded history each forecast learns from, as `StoreForecastSource`.
        package var historyDays = 22

        package init(
            site: Site, profiles: ProfileLibrary, databasePath: String, from: Int64, to: Int64,
            controller: DispatchControllerConfiguration, strategies: [StrategyName]
        ) {
            self.site = site
            self.profiles = profiles
            self.databasePath = databasePath
            self.from = from
            self.to = to
            self.controller = controller
            self.strategies = strategies
        }
    }

    /// Progress of a strategy: day 0 as it begins, then after each replayed day.
    package struct Progress: Sendable {
        package var strategy: StrategyName
        package var day: Int
        package var days: Int
    }

    /// How many missing intervals an error lists before it says "and N more".
    static let listedGaps = 8

    package static func run(
        _ configuration: Configuration, logger: Logger = Logger(label: "village.dispatch-replay"),
        progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> StoreReplayReport {
        let path = configuration.databasePath
        let store: ReadOnlyIntervalStore
        do throws(StoreError) { store = try ReadOnlyIntervalStore(path: path) } catch {
            throw StoreReplayError(.database, path: path, error.message)
        }
        let recorded = try await Recorded.read(configuration, store: store)
        var controllerConfiguration = configuration.controller
        controllerConfiguration.defaultHeatingCOP = recorded.heatingCOP
        controllerConfiguration.defaultCoolingCOP = recorded.coolingCOP

        let recordedGrid = grid(
            importWh: recorded.gridImportWh, exportWh: recorded.gridExportWh, prices: recorded.prices,
            stepSeconds: configuration.controller.stepSeconds)
        var outcomes: [StoreReplayReport.Outcome] = []
        for strategy in configuration.strategies {
            var controller = controllerConfiguration
            controller.strategy = strategy
            var outcome = try await replay(
                configuration, controller: controller, recorded: recorded, logger: logger, progress: progress)
            outcome.savingAgainstRecordedWon = recordedGrid.energyCostWon - outcome.grid.energyCostWon
            outcomes.append(outcome)
        }
        return StoreReplayReport(
            database: path, from: configuration.from, to: configuration.to, steps: recorded.steps,
            pvKWh: recorded.pvWh.reduce(0, +) / 1000, loadKWh: recorded.loadWh.reduce(0, +) / 1000,
            heatDemandKWh: recorded.heatWh.reduce(0, +) / 1000,
            coolingDemandKWh: recorded.coolingWh.reduce(0, +) / 1000,
            thermalRecorded: recorded.thermalRecorded, heatingCOP: recorded.heatingCOP,
            coolingCOP: recorded.coolingCOP, initialBatteryKWh: recorded.batteryKWh,
            initialHotTankKWh: recorded.hotTankKWh, initialColdTankKWh: recorded.coldTankKWh,
            recorded: recordedGrid, recordedBatteryGainKWh: recorded.finalBatteryKWh - recorded.batteryKWh,
            recordedHotTankGainKWh: recorded.finalHotTankKWh - recorded.hotTankKWh,
            recordedColdTankGainKWh: recorded.finalColdTankKWh - recorded.coldTankKWh, strategies: outcomes)
    }

    /// One strategy over the recorded period.
    static func replay(
        _ configuration: Configuration, controller settings: DispatchControllerConfiguration, recorded: Recorded,
        logger: Logger, progress: @Sendable (Progress) -> Void
    ) async throws -> StoreReplayReport.Outcome {
        let site = configuration.site
        let forecasts = RecordedForecastSource(
            history: recorded.history, recordedImportsWh: recorded.importsBeforeWh,
            forecaster: .standard(latitudeDeg: site.latitudeDeg, longitudeDeg: site.longitudeDeg),
            historyDays: configuration.historyDays)
        let controller = try DispatchController(
            site: site, profiles: configuration.profiles, configuration: settings, forecasts: forecasts,
            logger: logger)
        let coolingExpected = recorded.coolingWh.contains { $0 > 1 }
        // The physics: the recorded series as what happens, the plant as the controller sees it (the
        // tanks above their reserve), priced by the tariff.
        var physics = PlanRequest(
            startUnixSeconds: configuration.from, stepSeconds: settings.stepSeconds, pvForecastWh: recorded.pvWh,
            loadWh: recorded.loadWh, heatDemandWh: recorded.heatWh, coolingDemandWh: recorded.coolingWh,
            outdoorTemperatureCelsius: Array(repeating: 10, count: recorded.steps), importPriceMilliWonPerKWh: [],
            exportPriceMilliWonPerKWh: [], plant: await controller.plantParameters(coolingExpected: coolingExpected),
            initialState: PlantState(batteryEnergyKWh: 0, hotTankKWh: 0, coldTankKWh: 0))
        physics.importPriceMilliWonPerKWh = recorded.prices.map(\.importMilliWonPerKWh)
        physics.exportPriceMilliWonPerKWh = recorded.prices.map(\.exportMilliWonPerKWh)
        let reserve = recorded.tankReserveKWh(site: site)
        var state = PlantState(
            batteryEnergyKWh: min(max(recorded.batteryKWh, 0), physics.plant.battery.capacityKWh),
            hotTankKWh: min(max(recorded.hotTankKWh - reserve.hot, 0), physics.plant.heating.tankCapacityKWh),
            coldTankKWh: min(max(recorded.coldTankKWh - reserve.cold, 0), physics.plant.cooling.tankCapacityKWh))
        physics.initialState = state
        let initial = state
        let simulator = PlantSimulator(request: physics)
        let hours = Double(settings.stepSeconds) / 3600
        let stepsPerDay = Int(TimeGrid.daySeconds / settings.stepSeconds)
        let days = max(1, (recorded.steps + stepsPerDay - 1) / stepsPerDay)
        progress(Progress(strategy: settings.strategy, day: 0, days: days))
        var steps: [PlanStep] = []
        var failed = 0
        var firstFailure: String?
        for index in 0..<recorded.steps {
            let at = configuration.from + Int64(index) * settings.stepSeconds
            let measured = MeasuredPlant(
                socPct: state.batteryEnergyKWh / site.ess.capacityKWh * 100, batteryEnergyKWh: state.batteryEnergyKWh,
                storageMaxW: site.ess.pcsPowerKW * 1000, hotTankKWh: state.hotTankKWh + reserve.hot,
                coldTankKWh: state.coldTankKWh + reserve.cold)
            let decision = await controller.decide(at: at, measured: measured)
            if let failure = decision.report.failure {
                failed += 1
                if firstFailure == nil { firstFailure = failure }
            }
            let setpoints = decision.report.setpoints
            // Heat pumps left on their thermostats follow the demand: the physics raises a zero intent
            // to what keeps the tank from running dry.
            let thermostat = decision.report.failure != nil || decision.pumpsOnThermostat
            let intent = StepIntent(
                batteryWh: -Double(setpoints.batteryPowerW) * hours,
                heatingWh: thermostat ? 0 : Double(setpoints.heatingPowerW) * hours,
                coolingWh: thermostat ? 0 : Double(setpoints.coolingPowerW) * hours)
            let (step, next) = simulator.step(index, from: state, intent: intent)
            steps.append(step)
            forecasts.replayed(importWh: step.gridImportWh, at: at)
            state = next
            if (index + 1) % stepsPerDay == 0 {
                progress(Progress(strategy: settings.strategy, day: (index + 1) / stepsPerDay, days: days))
            }
        }
        await controller.close()
        return StoreReplayReport.Outcome(
            strategy: settings.strategy,
            grid: grid(
                importWh: steps.map(\.gridImportWh), exportWh: steps.map(\.gridExportWh), prices: recorded.prices,
                stepSeconds: settings.stepSeconds),
            savingAgainstRecordedWon: 0,
            batteryChargedKWh: steps.reduce(0) { $0 + $1.batteryChargeWh } / 1000,
            batteryDischargedKWh: steps.reduce(0) { $0 + $1.batteryDischargeWh } / 1000,
            batteryGainKWh: state.batteryEnergyKWh - initial.batteryEnergyKWh,
            hotTankGainKWh: state.hotTankKWh - initial.hotTankKWh,
            coldTankGainKWh: state.coldTankKWh - initial.coldTankKWh,
            heatPumpKWh: steps.reduce(0) { $0 + $1.heatPumpHeatingWh + $1.heatPumpCoolingWh } / 1000,
            unservedKWh: steps.reduce(0) { $0 + $1.unservedLoadWh + $1.unservedHeatWh + $1.unservedCoolingWh } / 1000,
            failedSteps: failed, firstFailure: firstFailure)
    }

    /// Grid energy per step priced step by step: import at the import price, export at the export price.
    static func grid(importWh: [Double], exportWh: [Double], prices: [Recorded.Price], stepSeconds: Int64)
        -> StoreReplayReport.Grid
    {
        var importCostMilli = 0.0
        var exportRevenueMilli = 0.0
        for index in importWh.indices {
            importCostMilli += importWh[index] / 1000 * Double(prices[index].importMilliWonPerKWh ?? 0)
            exportRevenueMilli += exportWh[index] / 1000 * Double(prices[index].exportMilliWonPerKWh ?? 0)
        }
        return StoreReplayReport.Grid(
            importKWh: importWh.reduce(0, +) / 1000, exportKWh: exportWh.reduce(0, +) / 1000,
            peakImportKW: (importWh.max() ?? 0) / 1000 * 3600 / Double(stepSeconds),
            importCostWon: importCostMilli / 1000, exportRevenueWon: exportRevenueMilli / 1000,
            energyCostWon: (importCostMilli - exportRevenueMilli) / 1000)
    }
}
