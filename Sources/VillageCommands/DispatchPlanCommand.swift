import ArgumentParser
import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Foundation
import Logging
import Site
import Tariffs
import VillageCore
import VillageStore

/// `village dispatch plan --db PATH --site FILE --tariff NAME [--svg FILE]`: forecasts from the store, plans the
/// horizon and prints the schedule and its cost (`--svg`: also as a chart); `--apply` writes the first step to the devices.
struct DispatchPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan the battery and heat pumps from the store's forecasts; optionally apply the first step.",
        discussion: """
            The plant state is the last battery and tank levels in the store (with --apply: read from \
            the devices over Modbus). --json prints the whole planning problem (every series, price \
            and parameter) with the plan, so that anyone can solve it again.
            """
    )

    @Option(help: "Database the collector writes.")
    var db: String

    @OptionGroup var site: SiteOptions

    @OptionGroup var tariffs: DispatchTariffOptions

    @OptionGroup var meters: MetersOptions

    @Option(help: "Dispatch strategy. Default: the site file's dispatch.strategy (optimal).")
    var strategy: StrategyName?

    @Option(
        name: .customLong("horizon-hours"),
        help: "Planning horizon, hours (1–48). Default: the site file's dispatch.horizonHours (24).")
    var horizonHours: Int?

    @Option(help: "Plan start (local time like 2025-01-13T08:00, or Unix seconds); default: the current quarter hour.")
    var at: String?

    @Flag(help: "Write the first step to the devices (through the safety clamp) and log it in the store.")
    var apply = false

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(
        help:
            "Also write the plan as an SVG chart (prices, PV and load, SoC, tanks, heat-pump power on one time axis) to this file."
    )
    var svg: String?

    func validate() throws {
        if let horizonHours, !(1...48).contains(horizonHours) {
            throw ValidationError("--horizon-hours must be 1–48, is \(horizonHours)")
        }
        guard FileManager.default.fileExists(atPath: db) else { throw ValidationError("--db: \(db) does not exist") }
        if let svg, let problem = AtomicTextFile.problem(writing: svg) { throw ValidationError("--svg: \(problem)") }
        if let at, startTime(at) == nil {
            throw ValidationError("--at: '\(at)' is neither a local time like 2025-01-13T08:00 nor Unix seconds")
        }
    }

    private func startTime(_ text: String) -> Int64? {
        let instant = Int64(text) ?? InstantParser.parse(text, utcOffsetSeconds: 9 * 3600)
        return instant.map { $0 / TimeGrid.quarterHourSeconds * TimeGrid.quarterHourSeconds }
    }

    func run() async throws {
        let site = try site.loadSite()
        var configuration = try DispatchControllerConfiguration(
            settings: site.dispatch, tariff: try tariffs.importTariff(), exportTariff: try tariffs.exportPrices())
        if let strategy { configuration.strategy = strategy }
        if let horizonHours { configuration.horizonSteps = horizonHours * 4 }
        let store = try VillageStore(path: db)
        var logger = Logger(label: "village.dispatch")
        logger.logLevel = .error
        let controller = try DispatchController(
            site: site, profiles: try meters.loadProfiles(), configuration: configuration,
            forecasts: StoreForecastSource(store: store, site: site), store: store, logger: logger)
        let start =
            at.flatMap(startTime) ?? Int64(Date().timeIntervalSince1970) / TimeGrid.quarterHourSeconds
            * TimeGrid.quarterHourSeconds
        let measured =
            apply ? await controller.readPlant() : try await storedState(store: store, site: site, before: start)
        let (request, plan) = try await controller.plan(at: start, measured: measured)
        let cost = CostEvaluator.cost(of: plan, on: request)
        var applied: DispatchStepReport?
        if apply { applied = await controller.step(at: start) }
        await controller.close()
        if let svg {
            let chart = PlanChart(
                request: request, plan: plan, cost: cost,
                subtitle: "\(site.name), tariff \(tariffs.tariff), times \(site.timeZone)")
            try AtomicTextFile.write(chart.svg(), to: svg, option: "--svg")
        }
        if json {
            struct Output: Encodable {
                var request: PlanRequest
                var plan: DispatchPlan
                var cost: PlanCost
                var applied: DispatchStepReport?
                /// The errors of the forecasts earlier plans were built on, the last days.
                var forecastErrors: [ForecastErrorDay]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(
                String(
                    decoding: try encoder.encode(
                        Output(
                            request: request, plan: plan, cost: cost, applied: applied,
                            forecastErrors: ForecastErrorDay.days(try await store.latestForecastErrors(days: 7)))),
                    as: UTF8.self))
            return
        }
        print(
            "Plan from \(InstantParser.format(start, utcOffsetSeconds: 9 * 3600)), \(configuration.horizonSteps / 4) h, strategy \(configuration.strategy.rawValue), tariff \(tariffs.tariff)"
        )
        print(
            String(
                format: "  start: battery %.0f kWh, hot tank %.0f kWh, cold tank %.0f kWh",
                request.initialState.batteryEnergyKWh,
                request.initialState.hotTankKWh, request.initialState.coldTankKWh))
        for note in request.forecastNotes ?? [] { print("  forecast: \(note)") }
        print(
            String(
                format:
                    "  cost ₩%.0f (import ₩%.0f − export ₩%.0f; total incl. stored energy value ₩%.0f), import %.0f kWh, export %.0f kWh",
                cost.importCostWon - cost.exportRevenueWon, cost.importCostWon, cost.exportRevenueWon, cost.totalWon,
                cost.importKWh, cost.exportKWh))
        print("  time   price  PV kWh  load kWh  import  export  battery kW  SoC %  heat kW  cool kW")
        let hours = request.stepHours
        for (index, step) in plan.steps.enumerated() {
            let time = InstantParser.format(
                request.startUnixSeconds + Int64(index) * request.stepSeconds, utcOffsetSeconds: 9 * 3600)
            let clock = String(time.dropFirst(11).prefix(5))
            print(
                String(
                    format: "  %@  %5.0f  %6.1f  %8.1f  %6.1f  %6.1f  %10.1f  %5.1f  %7.1f  %7.1f", clock,
                    Double(request.importPriceMilliWonPerKWh[index] ?? 0) / 1000, request.pvForecastWh[index] / 1000,
                    request.loadWh[index] / 1000, step.gridImportWh / 1000, step.gridExportWh / 1000,
                    (step.batteryDischargeWh - step.batteryChargeWh) / 1000 / hours,
                    step.batteryEnergyWh / 1000 / request.plant.battery.capacityKWh * 100,
                    step.heatPumpHeatingWh / 1000 / hours, step.heatPumpCoolingWh / 1000 / hours))
        }
        if let applied {
            print(
                "  applied: battery \(applied.setpoints.batteryPowerW) W (positive discharges), heat pumps "
                    + applied.heatPumps.map { "\($0.device) \($0.mode) \(String(format: "%.1f", $0.powerKW)) kW" }
                    .joined(separator: ", ")
                    + (applied.verified ? "; confirmed by read-back" : "; NOT confirmed")
                    + (applied.failure.map { "; failure: \($0)" } ?? ""))
        }
    }

    /// The last battery and tank levels the collector stored before `start`.
    private func storedState(store: VillageStore, site: Site, before start: Int64) async throws -> MeasuredPlant {
        func last(_ channel: MeteringChannel, _ device: String) async throws -> Double? {
            let values = try await store.intervals(
                owner: .plant(device), channel: channel, from: start - TimeGrid.daySeconds, to: start)
            return values.last.map { Double($0.value) }
        }
        var plant = MeasuredPlant()
        guard let battery = try await last(.essStateOfCharge, site.ess.device),
            let hot = try await last(.tankHeat, site.heatPlant.tankSensor),
            let cold = try await last("tank.cold", site.heatPlant.tankSensor)
        else {
            throw ValidationError(
                "\(db): no battery or tank level stored in the day before the plan start; run the collector first")
        }
        plant.batteryEnergyKWh = battery / 1000
        plant.socPct = plant.batteryEnergyKWh / site.ess.capacityKWh * 100
        plant.hotTankKWh = hot / 1000
        plant.coldTankKWh = cold / 1000
        return plant
    }
}
