import EnergyDispatch
import Testing

/// The controller's record of its forecasts: errors against what was measured later, computed by
/// hand here, and a bounded memory however long the daemon runs.
@Suite struct ForecastTrackerTests {
    static func forecast(start: Int64, pv: [Double]) -> SiteForecast {
        SiteForecast(
            startUnixSeconds: start, stepSeconds: 900, pvWh: pv, loadWh: pv.map { $0 + 10 },
            heatDemandWh: pv.map { _ in 0 }, coolingDemandWh: pv.map { _ in 0 })
    }

    @Test func errorsAreMeasuredOverEveryForecastStepThatWasMeasured() {
        var tracker = ForecastTracker()
        tracker.record(Self.forecast(start: 0, pv: [100, 200, 300]))
        tracker.record(Self.forecast(start: 900, pv: [150, 250, 350]))
        // Measured: steps 0 and 900 only (1800 and later not yet).
        let measured = IntervalSeries(valuesWh: [0: 110, 900: 180])
        let history = SiteHistory(
            pv: measured, load: measured, heatDemand: IntervalSeries(valuesWh: [:]),
            coolingDemand: IntervalSeries(valuesWh: [:]))
        let accuracy = tracker.accuracy(against: history)
        // PV pairs: (100, 110), (200, 180), (150, 180): errors −10, +20, −30.
        #expect(accuracy.pv.comparedSteps == 3)
        #expect(abs(accuracy.pv.meanAbsoluteErrorWh - 20) < 1e-9)
        #expect(abs(accuracy.pv.biasWh - (-20.0 / 3)) < 1e-9)
        #expect(abs(accuracy.pv.measuredMeanWh - (110 + 180 + 180) / 3.0) < 1e-9)
        // Load ran 10 Wh higher at every step.
        #expect(abs(accuracy.load.biasWh - (10 - 20.0 / 3)) < 1e-9)
        #expect(accuracy.heatDemand.comparedSteps == 0)
        // Only the first step of each forecast.
        #expect(tracker.accuracy(against: history, maxLeadSteps: 1).pv.comparedSteps == 2)
    }

    @Test func aLongRunningControllerKeepsOnlyItsLatestForecasts() {
        var tracker = ForecastTracker(capacity: 100)
        for index in 0..<1_000 {
            tracker.record(Self.forecast(start: Int64(index) * 900, pv: [1, 2]))
            #expect(tracker.forecasts.count <= tracker.retainedLimit)
        }
        #expect(tracker.forecasts.count >= 100)
        #expect(tracker.forecasts.last?.startUnixSeconds == Int64(999 * 900))
        let starts = tracker.forecasts.map(\.startUnixSeconds)
        #expect(
            starts == Array(stride(from: starts[0], through: Int64(999 * 900), by: 900)),
            "the newest are kept, in order")
    }
}
