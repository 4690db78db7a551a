import DeviceProfiles
import DispatchControl
import EnergyDispatch
import Foundation
import Logging
import MarketStore
import Site
import Tariffs
import VillageCore
import VillageStore

/// Builds the plant, plan and comparison parts of a ``ManagerPage``: the plant's last stored levels,
/// and the plan the scheduler would make next — from the quarter hour after the newest stored
/// interval, with the store's forecasts and the given (effective) dispatch settings, exactly as
/// `village dispatch plan` plans — drawn with the same `PlanChart`; then every strategy on that
/// same planning problem.
package struct ManagerPageSource: Sendable {
    package var store: VillageStore
    package var site: Site
    package var profiles: ProfileLibrary
    package var importTariff: Tariff
    package var exportTariff: Tariff?
    package var calendar: SiteCalendar

    package init(
        store: VillageStore, site: Site, profiles: ProfileLibrary, importTariff: Tariff, exportTariff: Tariff?,
        calendar: SiteCalendar = SiteCalendar()
    ) {
        self.store = store
        self.site = site
        self.profiles = profiles
        self.importTariff = importTariff
        self.exportTariff = exportTariff
        self.calendar = calendar
    }

    /// The page with `settings` in effect; `form`, `saved` and `audit` come from the caller.
    package func page(
        settings: DispatchSettings, form: DispatchSettingsForm, saved: Bool, audit: [ManagerPage.AuditEntry]
    ) async throws -> ManagerPage {
        var page = ManagerPage(form: form, saved: saved, audit: audit)
        guard let last = try await store.lastIntervalStart() else {
            page.planError = "no intervals stored yet"
            return page
        }
        let start = last + TimeGrid.quarterHourSeconds
        guard let measured = try await plantState(before: start, into: &page) else {
            page.planError = "no battery or tank level stored in the day before \(WebFormatting.localTime(start))"
            return page
        }
        do {
            try await plan(at: start, measured: measured, settings: settings, into: &page)
        } catch {
            page.planError = "\(error)"
        }
        return page
    }

    /// The last battery and tank levels before `start`, as `village dispatch plan` reads them.
    private func plantState(before start: Int64, into page: inout ManagerPage) async throws -> MeasuredPlant? {
        func last(_ channel: MeteringChannel, _ device: String) async throws -> IntervalEnergy? {
            try await store.intervals(
                owner: .plant(device), channel: channel, from: start - TimeGrid.daySeconds, to: start
            ).last
        }
        guard let battery = try await last(.essStateOfCharge, site.ess.device),
            let hot = try await last(.tankHeat, site.heatPlant.tankSensor),
            let cold = try await last("tank.cold", site.heatPlant.tankSensor)
        else { return nil }
        var plant = MeasuredPlant()
        plant.batteryEnergyKWh = Double(battery.value) / 1000
        plant.socPct = plant.batteryEnergyKWh / site.ess.capacityKWh * 100
        plant.hotTankKWh = Double(hot.value) / 1000
        plant.coldTankKWh = Double(cold.value) / 1000
        page.plantTime = WebFormatting.localTime(battery.start + TimeGrid.quarterHourSeconds, calendar: calendar)
        page.plant = [
            .init(key: "soc", label: "soc", text: String(format: "%.1f %%", plant.socPct)),
            .init(key: "battery", label: "battery", text: String(format: "%.1f kWh", plant.batteryEnergyKWh)),
            .init(key: "hotTank", label: "hotTank", text: String(format: "%.1f kWh", plant.hotTankKWh)),
            .init(key: "coldTank", label: "coldTank", text: String(format: "%.1f kWh", plant.coldTankKWh)),
        ]
        return plant
    }

    private func plan(
        at start: Int64, measured: MeasuredPlant, settings: DispatchSettings, into page: inout ManagerPage
    ) async throws {
        var site = self.site
        site.dispatch = settings
        let configuration = try DispatchControllerConfiguration(
            settings: settings, tariff: importTariff, exportTariff: exportTariff)
        var logger = Logger(label: "village.web.plan")
        logger.logLevel = .error
        let controller = try DispatchController(
            site: site, profiles: profiles, configuration: configuration,
            forecasts: StoreForecastSource(store: store, site: site), store: nil, logger: logger)
        let planned: (request: PlanRequest, plan: DispatchPlan)
        do {
            planned = try await controller.plan(at: start, measured: measured)
            await controller.close()
        } catch {
            await controller.close()
            throw error
        }
        let (request, plan) = planned
        let cost = CostEvaluator.cost(of: plan, on: request)
        let chart = PlanChart(
            request: request, plan: plan, cost: cost, subtitle: "\(site.name), tariff \(importTariff.name)")
        page.chart = ManagerPage.Chart(
            svg: chart.svg().split(separator: "\n").filter { !$0.hasPrefix("<?xml") }.joined(separator: "\n"))
        page.planStart = WebFormatting.localTime(start, calendar: calendar)
        page.planStrategy = plan.strategy.rawValue
        page.planCost = PlanChart.won(cost.importCostWon - cost.exportRevenueWon)
        page.reserve = settings.socReserve.map { "≥ \(DispatchSettingsForm.number($0.socPct)) % by \($0.byLocalTime)" }
        let capacity = request.plant.battery.capacityKWh
        let hours = request.stepHours
        page.steps = plan.steps.enumerated().map { index, step in
            let stepEnd = request.startUnixSeconds + Int64(index + 1) * request.stepSeconds
            return ManagerPage.PlanStep(
                time: WebFormatting.clock(stepEnd, calendar: calendar),
                socPct: String(format: "%.1f", capacity > 0 ? step.batteryEnergyWh / 1000 / capacity * 100 : 0),
                batteryKW: String(format: "%.1f", (step.batteryDischargeWh - step.batteryChargeWh) / 1000 / hours),
                importKWh: String(format: "%.1f", step.gridImportWh / 1000),
                exportKWh: String(format: "%.1f", step.gridExportWh / 1000))
        }
        page.comparison = StrategyName.allCases.map { strategy in
            let entry: ManagerPage.Comparison
            do {
                let alternative =
                    strategy == plan.strategy
                    ? plan : try strategy.makeStrategy(solver: configuration.solver).plan(request)
                let altCost = CostEvaluator.cost(of: alternative, on: request)
                entry = ManagerPage.Comparison(
                    strategy: strategy.rawValue, cost: PlanChart.won(altCost.importCostWon - altCost.exportRevenueWon),
                    importKWh: String(format: "%.0f", altCost.importKWh),
                    exportKWh: String(format: "%.0f", altCost.exportKWh), current: strategy == plan.strategy)
            } catch {
                entry = ManagerPage.Comparison(
                    strategy: strategy.rawValue, cost: "—", importKWh: "—", exportKWh: "—",
                    current: strategy == plan.strategy)
            }
            return entry
        }
    }
}
