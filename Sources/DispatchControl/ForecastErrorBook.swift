import EnergyDispatch
import Site
import VillageCore
import VillageStore

/// The daily errors of the forecasts the controller planned with: every plan's forecast is stored
/// as it was made, and once a local day is over and recorded, each of its forecast steps (of every
/// plan that reached into the day) is compared with the recorded interval. What a facility manager
/// reads before trusting a plan: `village status`, the plan's JSON and `/metrics` show the result.
package struct ForecastErrorBook: Sendable {
    package let store: VillageStore
    package let site: Site
    /// Days looked back for completed days without errors (after a stop, for instance).
    package var lookbackDays = 7

    package init(store: VillageStore, site: Site) {
        self.store = store
        self.site = site
    }

    /// Stores the forecast a plan made at `plannedAt` was built on, rounded to whole Wh.
    package func record(_ forecast: SiteForecast, plannedAt: Int64) async throws(StoreError) {
        func wh(_ values: [Double], _ index: Int) -> Int64 {
            guard index < values.count, values[index].isFinite else { return 0 }
            return Int64(max(0, values[index]).rounded())
        }
        let steps = (0..<forecast.pvWh.count).map { index in
            ForecastStepRecord(
                plannedAt: plannedAt, stepStart: forecast.startUnixSeconds + Int64(index) * forecast.stepSeconds,
                pvWh: wh(forecast.pvWh, index), loadWh: wh(forecast.loadWh, index),
                heatWh: wh(forecast.heatDemandWh, index), coolingWh: wh(forecast.coolingDemandWh, index))
        }
        try await store.record(forecastSteps: steps)
    }

    /// Computes and stores the errors of every local day that ended at or before `completedBy`, lies
    /// within the look-back, has stored forecasts and no stored errors yet. Returns what it stored.
    @discardableResult
    package func recordCompletedDays(completedBy: Int64, utcOffsetSeconds: Int64) async throws -> [ForecastErrorRecord]
    {
        let lastEnd = Self.dayStart(of: completedBy, utcOffsetSeconds: utcOffsetSeconds)
        let firstStart = lastEnd - Int64(lookbackDays) * TimeGrid.daySeconds
        let done = Set(try await store.forecastErrors(fromDay: firstStart).map(\.dayStart))
        var stored: [ForecastErrorRecord] = []
        var day = firstStart
        while day < lastEnd {
            defer { day += TimeGrid.daySeconds }
            guard !done.contains(day) else { continue }
            let forecasts = try await store.forecastSteps(stepFrom: day, to: day + TimeGrid.daySeconds)
            guard !forecasts.isEmpty else { continue }
            let recorded = try await RecordedSiteHistory.read(
                from: store, site: site, stepSeconds: store.configuration.intervalSeconds, from: day,
                to: day + TimeGrid.daySeconds)
            let errors = Self.errors(dayStart: day, forecasts: forecasts, recorded: recorded)
            try await store.record(forecastErrors: errors)
            stored += errors
        }
        return stored
    }

    /// Applies the store's raw-data retention (`StoreConfiguration.rawRetentionSeconds`, as for raw
    /// readings) to the stored forecasts: a step older than that goes once its day's errors are
    /// stored, or once its day lies beyond the look-back and will never be scored. A day still to be
    /// scored keeps its forecasts, however short the retention. Returns how many steps went.
    @discardableResult
    package func pruneExpiredForecasts(now: Int64, utcOffsetSeconds: Int64) async throws(StoreError) -> Int {
        // One day more than `recordCompletedDays` looks back from `now`: it is called with a
        // completion time up to an hour earlier, which can fall on the day before.
        let oldestScored =
            Self.dayStart(of: now, utcOffsetSeconds: utcOffsetSeconds)
            - Int64(lookbackDays + 1) * TimeGrid.daySeconds
        return try await store.pruneForecastSteps(
            before: now - store.configuration.rawRetentionSeconds, unscoredDaysFrom: oldestScored)
    }

    /// The errors of one day: every forecast step against the recorded interval of the same start;
    /// steps without a recorded interval are left out (and counted out of `comparedSteps`).
    package static func errors(dayStart: Int64, forecasts: [ForecastStepRecord], recorded: SiteHistory)
        -> [ForecastErrorRecord]
    {
        let series: [(ForecastQuantity, KeyPath<ForecastStepRecord, Int64>, IntervalSeries)] = [
            (.pv, \.pvWh, recorded.pv), (.load, \.loadWh, recorded.load), (.heat, \.heatWh, recorded.heatDemand),
            (.cooling, \.coolingWh, recorded.coolingDemand),
        ]
        return series.map { quantity, field, truth in
            var count = 0
            var absolute = 0.0
            var signed = 0.0
            var total = 0.0
            for forecast in forecasts {
                guard forecast.stepStart >= dayStart, forecast.stepStart < dayStart + TimeGrid.daySeconds,
                    let actual = truth[forecast.stepStart]
                else { continue }
                let predicted = Double(forecast[keyPath: field])
                count += 1
                absolute += abs(predicted - actual)
                signed += predicted - actual
                total += actual
            }
            let n = Double(max(count, 1))
            return ForecastErrorRecord(
                dayStart: dayStart, quantity: quantity, comparedSteps: count, meanAbsoluteErrorWh: absolute / n,
                biasWh: signed / n, recordedMeanWh: total / n)
        }
    }

    /// Local midnight that begins the day containing `timestamp`, UTC Unix seconds.
    package static func dayStart(of timestamp: Int64, utcOffsetSeconds: Int64) -> Int64 {
        floorDivide(timestamp + utcOffsetSeconds, TimeGrid.daySeconds) * TimeGrid.daySeconds - utcOffsetSeconds
    }
}
