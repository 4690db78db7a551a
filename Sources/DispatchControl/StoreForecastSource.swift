import EnergyDispatch
import Site
import Synchronization
import VillageCore
import VillageStore

/// Forecasts from the metering store: the site's history of PV, load, heat and cooling demand as
/// recorded (`RecordedSiteHistory`), run through a `SiteForecaster`.
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
        try await RecordedSiteHistory.read(
            from: store, site: site, stepSeconds: store.configuration.intervalSeconds, from: from, to: to)
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
