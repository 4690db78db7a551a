import DispatchControl
import EnergyDispatch
import Site
import Tariffs
import VillageCore
import VillageStore

extension StoreReplay {
    /// Everything a replay reads from the database, checked for gaps once.
    struct Recorded: Sendable {
        struct Price: Sendable {
            var importMilliWonPerKWh: Int64?
            var exportMilliWonPerKWh: Int64?
        }

        var steps: Int
        /// The recorded series from `historyDays` before the period to its end: what forecasts learn from.
        var history: SiteHistory
        /// The period's series, one value per step, Wh.
        var pvWh: [Double]
        var loadWh: [Double]
        var heatWh: [Double]
        var coolingWh: [Double]
        var gridImportWh: [Double]
        var gridExportWh: [Double]
        /// Grid import of the billing month before the period, Wh per interval (the peak so far).
        var importsBeforeWh: [Int64: Double]
        var thermalRecorded: Bool
        var heatingCOP: Double
        var coolingCOP: Double
        /// Battery and tank energy at the start of the period, kWh.
        var batteryKWh: Double
        var hotTankKWh: Double
        var coldTankKWh: Double
        /// Battery and tank energy at the end of the period, kWh.
        var finalBatteryKWh: Double
        var finalHotTankKWh: Double
        var finalColdTankKWh: Double
        var prices: [Price]

        /// The share of each tank the controller keeps in reserve (the site's `reserveChargePct`), kWh.
        func tankReserveKWh(site: Site) -> (hot: Double, cold: Double) {
            let fraction = min(0.5, max(0, site.heatPlant.reserveChargePct / 100))
            return (site.heatPlant.hotTank.capacityKWh * fraction, site.heatPlant.coldTank.capacityKWh * fraction)
        }

        static func read(_ configuration: Configuration, store: ReadOnlyIntervalStore) async throws -> Recorded {
            let site = configuration.site
            let path = configuration.databasePath
            let step = configuration.controller.stepSeconds
            let from = configuration.from
            let to = configuration.to
            let steps = Int((to - from) / step)
            let starts = (0..<steps).map { from + Int64($0) * step }
            func totals(_ channel: MeteringChannel, _ owners: [String], from: Int64, to: Int64) async throws
                -> [Int64: Int64]
            {
                do throws(StoreError) {
                    return try await store.intervalTotals(
                        channel: channel, ownerKind: "plant", ownerIds: owners, from: from, to: to)
                } catch {
                    throw StoreReplayError(.database, path: path, error.message)
                }
            }

            let gridIn = try await totals(.energyImport, [site.grid.meter], from: from, to: to)
            let gridOut = try await totals(.energyExport, [site.grid.meter], from: from, to: to)
            guard !gridIn.isEmpty || !gridOut.isEmpty else {
                let span = try? store.recordedSpan(channel: .energyImport, ownerId: site.grid.meter)
                throw StoreReplayError(
                    .noData, path: path,
                    "no interval of the grid meter \(site.grid.meter) is recorded from \(siteLocalTime(from)) to \(siteLocalTime(to)); "
                        + (span.map {
                            "it has intervals from \(siteLocalTime($0.first)) to \(siteLocalTime($0.last + step))"
                        }
                            ?? "it has none at all (is this the database of this site?)"))
            }
            let history: SiteHistory
            do throws(DispatchControlError) {
                history = try await RecordedSiteHistory.read(
                    from: store, site: site, stepSeconds: step,
                    from: from - Int64(configuration.historyDays) * TimeGrid.daySeconds, to: to)
            } catch {
                throw StoreReplayError(.database, path: path, error.message)
            }
            let tank = site.heatPlant.tankSensor
            let hotLevels = try await totals(.tankHeat, [tank], from: from - step, to: to)
            let coldLevels = try await totals("tank.cold", [tank], from: from - step, to: to)
            let thermalRecorded = !hotLevels.isEmpty || !coldLevels.isEmpty

            // Every interval needs the grid meter, the battery level (both for the load) and PV; heat and
            // cooling too where the tanks are recorded at all.
            let missing = starts.filter { start in
                history.load[start] == nil || history.pv[start] == nil
                    || (thermalRecorded && (history.heatDemand[start] == nil || history.coolingDemand[start] == nil))
            }
            guard missing.isEmpty else {
                let listed = missing.prefix(listedGaps).map(siteLocalTime).joined(separator: ", ")
                let more = missing.count > listedGaps ? " and \(missing.count - listedGaps) more" : ""
                throw StoreReplayError(
                    .gaps, path: path,
                    "\(missing.count) of the \(steps) intervals from \(siteLocalTime(from)) to \(siteLocalTime(to)) are not recorded "
                        + "(grid meter, battery level, PV\(thermalRecorded ? " or tank levels" : "") missing), "
                        + "starting \(listed)\(more). Gaps are neither filled nor skipped, since either would change "
                        + "what is compared: choose --from and --to around them.",
                    missingIntervals: missing)
            }

            let batteryLevel = try await totals(.essStateOfCharge, [site.ess.device], from: from - step, to: to)
            let pumps = site.heatPlant.heatPumps.map(\.device)
            let pumpElectric = try await totals(.heatPumpElectricity, pumps, from: from, to: to)
            let pumpHeat = try await totals(.heatPumpHeat, pumps, from: from, to: to)
            let pumpCold = try await totals("heatpump.cooling", pumps, from: from, to: to)
            let cop = meanCOP(
                electric: pumpElectric, heat: pumpHeat, cold: pumpCold, defaults: configuration.controller)
            let monthStart = billingMonthStart(of: from, utcOffsetSeconds: 9 * 3600)
            let before = try await totals(.energyImport, [site.grid.meter], from: monthStart, to: from)

            var prices = PlanRequest(
                startUnixSeconds: from, stepSeconds: step, pvForecastWh: Array(repeating: 0, count: steps),
                loadWh: [], heatDemandWh: [], coolingDemandWh: [], outdoorTemperatureCelsius: [],
                importPriceMilliWonPerKWh: [], exportPriceMilliWonPerKWh: [], plant: PlantParameters(),
                initialState: PlantState(batteryEnergyKWh: 0, hotTankKWh: 0, coldTankKWh: 0))
            _ = try prices.price(
                with: configuration.controller.tariff, exportTariff: configuration.controller.exportTariff)

            return Recorded(
                steps: steps, history: history,
                pvWh: starts.map { history.pv[$0] ?? 0 }, loadWh: starts.map { history.load[$0] ?? 0 },
                heatWh: starts.map { history.heatDemand[$0] ?? 0 },
                coolingWh: starts.map { history.coolingDemand[$0] ?? 0 },
                gridImportWh: starts.map { Double(gridIn[$0] ?? 0) },
                gridExportWh: starts.map { Double(gridOut[$0] ?? 0) },
                importsBeforeWh: before.mapValues(Double.init), thermalRecorded: thermalRecorded,
                heatingCOP: cop.heating, coolingCOP: cop.cooling,
                batteryKWh: Double(batteryLevel[from - step] ?? 0) / 1000,
                hotTankKWh: Double(hotLevels[from - step] ?? 0) / 1000,
                coldTankKWh: Double(coldLevels[from - step] ?? 0) / 1000,
                finalBatteryKWh: Double(batteryLevel[to - step] ?? 0) / 1000,
                finalHotTankKWh: Double(hotLevels[to - step] ?? 0) / 1000,
                finalColdTankKWh: Double(coldLevels[to - step] ?? 0) / 1000,
                prices: zip(prices.importPriceMilliWonPerKWh, prices.exportPriceMilliWonPerKWh).map {
                    Price(importMilliWonPerKWh: $0, exportMilliWonPerKWh: $1)
                })
        }

        /// Heat (cooling) delivered per kWh of heat-pump electricity, from the intervals in which the
        /// pumps served only that side; the configured default where they used less than 1 kWh on it.
        static func meanCOP(
            electric: [Int64: Int64], heat: [Int64: Int64], cold: [Int64: Int64],
            defaults: DispatchControllerConfiguration
        ) -> (heating: Double, cooling: Double) {
            var heatingElectric = 0.0
            var heating = 0.0
            var coolingElectric = 0.0
            var cooling = 0.0
            for (start, used) in electric where used > 0 {
                let hot = heat[start] ?? 0
                let cool = cold[start] ?? 0
                if hot > 0 && cool == 0 {
                    heatingElectric += Double(used)
                    heating += Double(hot)
                } else if cool > 0 && hot == 0 {
                    coolingElectric += Double(used)
                    cooling += Double(cool)
                }
            }
            return (
                heatingElectric > 1000 ? heating / heatingElectric : defaults.defaultHeatingCOP,
                coolingElectric > 1000 ? cooling / coolingElectric : defaults.defaultCoolingCOP
            )
        }
    }
}

/// A UTC instant as the site's local time, `2025-01-13T08:00+09:00`.
func siteLocalTime(_ unixSeconds: Int64) -> String {
    InstantParser.format(unixSeconds, utcOffsetSeconds: 9 * 3600)
}
