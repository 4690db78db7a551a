import DispatchControl
import EnergyDispatch
import FirmwareSim
import Foundation
import VillageCore

/// The simulator's ground truth as the controller's history, kept as it arrives: every interval for
/// the report, and a rolling window of the four forecast series (what the collector would have
/// measured), so that a forecast reads a few thousand values however long the run is.
final class TruthHistory: GroundTruthSink, @unchecked Sendable {
    private let lock = NSLock()
    private var intervals: [IntervalTruth] = []
    private var window = SiteHistory(
        pv: IntervalSeries(), load: IntervalSeries(), heatDemand: IntervalSeries(), coolingDemand: IntervalSeries())
    /// Grid import per interval over the last 32 days (a billing month's peak).
    private var gridImportWh: [Int64: Int64] = [:]
    /// How far back the window reaches, seconds.
    let windowSeconds: Int64

    init(windowDays: Int) {
        windowSeconds = Int64(max(1, windowDays)) * TimeGrid.daySeconds
    }

    func record(_ interval: IntervalTruth) throws {
        let measured = DispatchSimulation.history(of: [interval])
        lock.withLock {
            intervals.append(interval)
            let expired = interval.start - windowSeconds
            func roll(_ series: inout IntervalSeries, _ new: IntervalSeries) {
                series.valuesWh.merge(new.valuesWh) { _, newer in newer }
                series.valuesWh[expired] = nil
            }
            roll(&window.pv, measured.pv)
            roll(&window.load, measured.load)
            roll(&window.heatDemand, measured.heatDemand)
            roll(&window.coolingDemand, measured.coolingDemand)
            window.outdoorTemperature.celsius.merge(measured.outdoorTemperature.celsius) { _, newer in newer }
            window.outdoorTemperature.celsius[expired] = nil
            gridImportWh[interval.start] = interval.grid.importWh
            gridImportWh[interval.start - 32 * TimeGrid.daySeconds] = nil
        }
    }

    /// Every interval recorded so far, in order.
    var all: [IntervalTruth] { lock.withLock { intervals } }

    /// The highest grid import of an interval in `[from, to)` (within the last 32 days), Wh.
    func peakImportWh(from: Int64, to: Int64) -> Int64 {
        lock.withLock { gridImportWh.filter { $0.key >= from && $0.key < to }.values.max() ?? 0 }
    }

    /// The last `windowSeconds` of the forecast series.
    var recent: SiteHistory { lock.withLock { window } }
}

/// Forecasts from the ground truth's recent window, with the same forecasters the store-backed source uses.
struct TruthForecastSource: ForecastSource {
    let history: TruthHistory
    let forecaster: SiteForecaster

    func forecast(from start: Int64, steps: Int, stepSeconds: Int64) async throws -> SiteForecast {
        let recent = history.recent
        var forecast = forecaster.forecast(from: start, steps: steps, stepSeconds: stepSeconds, history: recent)
        forecast.thermalHistoryIsShort = recent.heatDemand.valuesWh.count < Int(TimeGrid.daySeconds / stepSeconds)
        return forecast
    }

    func peakImportKW(from: Int64, to: Int64) async throws -> Double {
        Double(history.peakImportWh(from: from, to: to)) / 1000 * 3600 / Double(TimeGrid.quarterHourSeconds)
    }
}
