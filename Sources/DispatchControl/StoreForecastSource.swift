import EnergyDispatch
import Site
import Synchronization
import VillageCore
import VillageStore

/// Forecasts from the metering store: builds the site's history of PV, load, heat and cooling demand
/// from the intervals the collector recorded, then runs a `SiteForecaster` on it.
///
/// Load is what the grid balance leaves once PV, heat pumps and the battery are accounted for
/// (`import − export + PV − heat pumps + battery discharge − charge`), so it includes the public
/// buildings, which have no meter of their own. Battery flows come from the change of its stored
/// energy and the site's efficiencies. Heat demand is what the hot tank gave out: heat pumped in minus
/// the change of stored heat minus standing losses; cooling likewise from the cold tank.
package struct StoreForecastSource: ForecastSource {
    package let store: VillageStore
    package let site: Site
    package var forecaster: SiteForecaster
    /// Days of history read for each forecast.
    package var historyDays: Int

    package init(store: VillageStore, site: Site, forecaster: SiteForecaster? = nil, historyDays: Int = 22) {
        self.store = store
        self.site = site
        self.forecaster =
            forecaster
            ?? .standard(
                latitudeDeg: site.latitudeDeg, longitudeDeg: site.longitudeDeg,
                temperatureNormal: site.outdoorTemperatureNormal.flatMap {
                    TemperatureNormal(monthlyHourlyCelsius: $0.months)
                })
        self.historyDays = historyDays
    }

    /// What earlier forecasts already read: each forecast then reads only the last day again (late
    /// and re-estimated intervals) instead of the whole window, which grows with the store.
    private let cache = HistoryCache()

    package func forecast(from start: Int64, steps: Int, stepSeconds: Int64) async throws -> SiteForecast {
        let from = start - Int64(historyDays) * TimeGrid.daySeconds
        let cached = cache.state.withLock { $0 }
        let history: SiteHistory
        if let cached, cached.until <= start, cached.until > from {
            let refetchFrom = max(from, cached.until - TimeGrid.daySeconds)
            let fresh = try await self.history(from: refetchFrom, to: start)
            history = cached.history.merging(fresh, replacingFrom: refetchFrom, keepingFrom: from)
        } else {
            history = try await self.history(from: from, to: start)
        }
        cache.state.withLock { $0 = (history, start) }
        var forecast = forecaster.forecast(from: start, steps: steps, stepSeconds: stepSeconds, history: history)
        forecast.thermalHistoryIsShort = history.heatDemand.valuesWh.count < Int(TimeGrid.daySeconds / stepSeconds)
        return forecast
    }

    package func peakImportKW(from: Int64, to: Int64) async throws -> Double {
        let step = store.configuration.intervalSeconds
        do {
            let imports = try await store.intervalTotals(
                channel: .energyImport, ownerKind: "plant", ownerIds: [site.grid.meter], from: from, to: to)
            return Double(imports.values.max() ?? 0) / 1000 * 3600 / Double(step)
        } catch {
            throw DispatchControlError(.history, subject: store.path, "\(error)")
        }
    }

    /// The measured series with `from <= start < to`.
    package func history(from: Int64, to: Int64) async throws(DispatchControlError) -> SiteHistory {
        let step = store.configuration.intervalSeconds
        do {
            let pumps = site.heatPlant.heatPumps.map(\.device)
            let pv = try await store.intervalTotals(channel: .pvGeneration, from: from, to: to)
            let gridIn = try await store.intervalTotals(
                channel: .energyImport, ownerKind: "plant", ownerIds: [site.grid.meter], from: from, to: to)
            let gridOut = try await store.intervalTotals(
                channel: .energyExport, ownerKind: "plant", ownerIds: [site.grid.meter], from: from, to: to)
            let pumpElectric = try await store.intervalTotals(
                channel: .heatPumpElectricity, ownerKind: "plant", ownerIds: pumps, from: from, to: to)
            let pumpHeat = try await store.intervalTotals(
                channel: .heatPumpHeat, ownerKind: "plant", ownerIds: pumps, from: from, to: to)
            let pumpCold = try await store.intervalTotals(
                channel: "heatpump.cooling", ownerKind: "plant", ownerIds: pumps, from: from, to: to)
            // Levels are stored at each interval's end; the one before `from` gives the first change.
            let battery = try await store.intervalTotals(
                channel: .essStateOfCharge, ownerKind: "plant", ownerIds: [site.ess.device], from: from - step, to: to)
            let hot = try await store.intervalTotals(
                channel: .tankHeat, ownerKind: "plant", ownerIds: [site.heatPlant.tankSensor], from: from - step, to: to
            )
            let cold = try await store.intervalTotals(
                channel: "tank.cold", ownerKind: "plant", ownerIds: [site.heatPlant.tankSensor], from: from - step,
                to: to)

            let outdoor = try await store.outdoorTemperatures(from: from, to: to)

            var load: [Int64: Double] = [:]
            var heat: [Int64: Double] = [:]
            var cooling: [Int64: Double] = [:]
            let hours = Double(step) / 3600
            for (start, imported) in gridIn {
                guard let exported = gridOut[start], let end = battery[start], let begin = battery[start - step] else {
                    continue
                }
                let change = Double(end - begin)
                let batteryAC =
                    change > 0 ? -change / site.ess.chargeEfficiency : -change * site.ess.dischargeEfficiency
                let value =
                    Double(imported - exported) + Double(pv[start] ?? 0) - Double(pumpElectric[start] ?? 0) + batteryAC
                load[start] = max(0, value)
            }
            for (start, end) in hot {
                guard let begin = hot[start - step], start >= from else { continue }
                let loss = Double(begin) * site.heatPlant.hotTank.standingLossPctPerHour / 100 * hours
                heat[start] = max(0, Double(pumpHeat[start] ?? 0) - Double(end - begin) - loss)
            }
            for (start, end) in cold {
                guard let begin = cold[start - step], start >= from else { continue }
                let loss = Double(begin) * site.heatPlant.coldTank.standingLossPctPerHour / 100 * hours
                cooling[start] = max(0, Double(pumpCold[start] ?? 0) - Double(end - begin) - loss)
            }
            return SiteHistory(
                pv: IntervalSeries(valuesWh: pv.mapValues(Double.init)), load: IntervalSeries(valuesWh: load),
                heatDemand: IntervalSeries(valuesWh: heat), coolingDemand: IntervalSeries(valuesWh: cooling),
                outdoorTemperature: TemperatureSeries(stepSeconds: step, celsius: outdoor))
        } catch {
            throw DispatchControlError(.history, subject: store.path, "\(error)")
        }
    }
}

/// The history read so far and the end of the span it covers.
final class HistoryCache: Sendable {
    let state = Mutex<(history: SiteHistory, until: Int64)?>(nil)
}

extension SiteHistory {
    /// This history with everything from `replacingFrom` on replaced by `fresh`, and nothing before
    /// `keepingFrom`.
    func merging(_ fresh: SiteHistory, replacingFrom: Int64, keepingFrom: Int64) -> SiteHistory {
        func merge(_ old: IntervalSeries, _ new: IntervalSeries) -> IntervalSeries {
            var values = old.valuesWh.filter { $0.key >= keepingFrom && $0.key < replacingFrom }
            values.merge(new.valuesWh) { _, newer in newer }
            return IntervalSeries(stepSeconds: old.stepSeconds, valuesWh: values)
        }
        var temperatures = outdoorTemperature.celsius.filter { $0.key >= keepingFrom && $0.key < replacingFrom }
        temperatures.merge(fresh.outdoorTemperature.celsius) { _, newer in newer }
        return SiteHistory(
            pv: merge(pv, fresh.pv), load: merge(load, fresh.load), heatDemand: merge(heatDemand, fresh.heatDemand),
            coolingDemand: merge(coolingDemand, fresh.coolingDemand),
            outdoorTemperature: TemperatureSeries(stepSeconds: outdoorTemperature.stepSeconds, celsius: temperatures))
    }
}
