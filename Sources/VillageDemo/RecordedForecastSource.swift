import DispatchControl
import EnergyDispatch
import Synchronization
import VillageCore

/// Forecasts for a replay of a recorded period: at each step the forecaster sees only what had been
/// recorded before it (the last `historyDays`), as the daemon would have; the month's peak is the
/// recorded one before the replay began, then the replay's own imports.
final class RecordedForecastSource: ForecastSource {
    private let history: SiteHistory
    private let forecaster: SiteForecaster
    private let historySeconds: Int64
    /// Recorded grid import per interval before the replay, then the replay's, Wh.
    private let imports: Mutex<[Int64: Double]>

    init(history: SiteHistory, recordedImportsWh: [Int64: Double], forecaster: SiteForecaster, historyDays: Int) {
        self.history = history
        self.forecaster = forecaster
        historySeconds = Int64(max(1, historyDays)) * TimeGrid.daySeconds
        imports = Mutex(recordedImportsWh)
    }

    func forecast(from start: Int64, steps: Int, stepSeconds: Int64) async throws -> SiteForecast {
        let earliest = start - historySeconds
        func known(_ series: IntervalSeries) -> IntervalSeries {
            IntervalSeries(
                stepSeconds: series.stepSeconds,
                valuesWh: series.valuesWh.filter { $0.key >= earliest && $0.key < start })
        }
        let seen = SiteHistory(
            pv: known(history.pv), load: known(history.load), heatDemand: known(history.heatDemand),
            coolingDemand: known(history.coolingDemand))
        var forecast = forecaster.forecast(from: start, steps: steps, stepSeconds: stepSeconds, history: seen)
        forecast.thermalHistoryIsShort = seen.heatDemand.valuesWh.count < Int(TimeGrid.daySeconds / stepSeconds)
        return forecast
    }

    func peakImportKW(from: Int64, to: Int64) async throws -> Double {
        let peakWh = imports.withLock { $0.filter { $0.key >= from && $0.key < to }.values.max() ?? 0 }
        return peakWh / 1000 * 3600 / Double(TimeGrid.quarterHourSeconds)
    }

    /// What the replay imported in the interval starting at `start`.
    func replayed(importWh: Double, at start: Int64) {
        imports.withLock { $0[start] = importWh }
    }
}
