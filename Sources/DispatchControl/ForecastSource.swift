import EnergyDispatch

/// Where the controller gets its forecasts: the store's history through `SiteForecaster`
/// (`StoreForecastSource`), or anything else that can predict the four series.
package protocol ForecastSource: Sendable {
    func forecast(from start: Int64, steps: Int, stepSeconds: Int64) async throws -> SiteForecast
}
