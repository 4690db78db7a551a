/// Keeps every forecast the controller planned with, so that once the intervals have been measured
/// each forecast's error can be reported (over the whole horizon: what the plan really relied on).
public struct ForecastTracker: Sendable {
    public private(set) var forecasts: [SiteForecast] = []

    public init() {}

    public mutating func record(_ forecast: SiteForecast) {
        forecasts.append(forecast)
    }

    /// Error of every recorded forecast step against `measured`, per quantity; steps not measured
    /// (yet) are left out. `maxLeadSteps` limits the comparison to steps that close to the plan time.
    public func accuracy(against measured: SiteHistory, maxLeadSteps: Int? = nil) -> SiteForecastAccuracy {
        func compare(_ series: KeyPath<SiteForecast, [Double]>, _ truth: IntervalSeries) -> ForecastAccuracy {
            var count = 0
            var absolute = 0.0
            var signed = 0.0
            var total = 0.0
            for forecast in forecasts {
                let values = forecast[keyPath: series]
                for (lead, predicted) in values.enumerated() {
                    if let maxLeadSteps, lead >= maxLeadSteps { break }
                    guard let actual = truth[forecast.startUnixSeconds + Int64(lead) * forecast.stepSeconds] else { continue }
                    count += 1
                    absolute += abs(predicted - actual)
                    signed += predicted - actual
                    total += actual
                }
            }
            let n = Double(max(count, 1))
            return ForecastAccuracy(comparedSteps: count, meanAbsoluteErrorWh: absolute / n, biasWh: signed / n, measuredMeanWh: total / n)
        }
        return SiteForecastAccuracy(
            pv: compare(\.pvWh, measured.pv), load: compare(\.loadWh, measured.load),
            heatDemand: compare(\.heatDemandWh, measured.heatDemand), coolingDemand: compare(\.coolingDemandWh, measured.coolingDemand))
    }
}

/// The error of each forecast series.
public struct SiteForecastAccuracy: Sendable, Equatable, Codable {
    public var pv: ForecastAccuracy
    public var load: ForecastAccuracy
    public var heatDemand: ForecastAccuracy
    public var coolingDemand: ForecastAccuracy
}
