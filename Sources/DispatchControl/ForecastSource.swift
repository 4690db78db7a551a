import EnergyDispatch
import VillageCore

/// Where the controller gets its forecasts: the store's history through `SiteForecaster`
/// (`StoreForecastSource`), or anything else that can predict the four series.
package protocol ForecastSource: Sendable {
    func forecast(from start: Int64, steps: Int, stepSeconds: Int64) async throws -> SiteForecast
    /// The highest 15-minute average grid import measured in `[from, to)`, kW (0 when nothing was
    /// measured): the billing month's peak, which a plan must not pay for again.
    func peakImportKW(from: Int64, to: Int64) async throws -> Double
}

extension ForecastSource {
    package func peakImportKW(from: Int64, to: Int64) async throws -> Double { 0 }
}

/// Start of the local calendar month that contains `timestamp`, UTC Unix seconds: where a demand
/// charge's billing period begins.
package func billingMonthStart(of timestamp: Int64, utcOffsetSeconds: Int64) -> Int64 {
    let day = floorDivide(timestamp + utcOffsetSeconds, TimeGrid.daySeconds)
    let date = CivilCalendar.date(dayNumber: day)
    return CivilCalendar.dayNumber(year: date.year, month: date.month, day: 1) * TimeGrid.daySeconds - utcOffsetSeconds
}
