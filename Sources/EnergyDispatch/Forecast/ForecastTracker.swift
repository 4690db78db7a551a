/// Keeps the forecasts the controller planned with, so that once the intervals have been measured
/// each forecast's error can be reported (over the whole horizon: what the plan really relied on).
///
/// Only the latest `capacity` forecasts are kept: a daemon re-plans every 15 minutes for years, and
/// an unbounded list would grow by about 100 MB a year. The default, a month of re-plans, bounds it
/// near 9 MB; a backtest longer than that reports its last month.
package struct ForecastTracker: Sendable {
    package private(set) var forecasts: [SiteForecast] = []
    package let capacity: Int

    package init(capacity: Int = 31 * 96) {
        self.capacity = max(1, capacity)
    }

    package mutating func record(_ forecast: SiteForecast) {
        forecasts.append(forecast)
        // Trim in slices of a quarter of the capacity, so the copy is amortised over many records.
        if forecasts.count >= capacity + max(1, capacity / 4) {
            forecasts.removeFirst(forecasts.count - capacity)
        }
    }

    /// The retained forecasts' count never exceeds this (the capacity plus one trimming slice).
    package var retainedLimit: Int { capacity + max(1, capacity / 4) - 1 }

    /// Error of every recorded forecast step against `measured`, per quantity; steps not measured
    /// (yet) are left out. `maxLeadSteps` limits the comparison to steps that close to the plan time.
    package func accuracy(against measured: SiteHistory, maxLeadSteps: Int? = nil) -> SiteForecastAccuracy {
        func compare(_ series: KeyPath<SiteForecast, [Double]>, _ truth: IntervalSeries) -> ForecastAccuracy {
            var count = 0
            var absolute = 0.0
            var signed = 0.0
            var total = 0.0
            for forecast in forecasts {
                let values = forecast[keyPath: series]
                for (lead, predicted) in values.enumerated() {
                    if let maxLeadSteps, lead >= maxLeadSteps { break }
                    guard let actual = truth[forecast.startUnixSeconds + Int64(lead) * forecast.stepSeconds] else {
                        continue
                    }
                    count += 1
                    absolute += abs(predicted - actual)
                    signed += predicted - actual
                    total += actual
                }
            }
            let n = Double(max(count, 1))
            return ForecastAccuracy(
                comparedSteps: count, meanAbsoluteErrorWh: absolute / n, biasWh: signed / n, measuredMeanWh: total / n)
        }
        return SiteForecastAccuracy(
            pv: compare(\.pvWh, measured.pv), load: compare(\.loadWh, measured.load),
            heatDemand: compare(\.heatDemandWh, measured.heatDemand),
            coolingDemand: compare(\.coolingDemandWh, measured.coolingDemand))
    }
}

/// The error of each forecast series.
package struct SiteForecastAccuracy: Sendable, Equatable, Codable {
    package var pv: ForecastAccuracy
    package var load: ForecastAccuracy
    package var heatDemand: ForecastAccuracy
    package var coolingDemand: ForecastAccuracy
}
