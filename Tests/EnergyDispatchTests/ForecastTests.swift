import EnergyDispatch
import Foundation
import Testing

/// The forecasters on series whose future is known.
struct ForecastTests {
    static let start: Int64 = 1_736_694_000  // Monday 2025-01-13 00:00 KST

    /// A weekly-periodic load is forecast exactly from the same weekday; a daily profile would not be.
    @Test func sameWeekdayProfileRepeatsAWeeklyPattern() {
        var history = IntervalSeries()
        func value(_ at: Int64) -> Double {
            let dayOfWeek = ((at + 9 * 3600) / 86_400) % 7
            let quarter = ((at + 9 * 3600) % 86_400) / 900
            return Double(1_000 + dayOfWeek * 300 + quarter * 7)
        }
        for step in stride(from: Self.start - 21 * 86_400, to: Self.start, by: 900) {
            history.valuesWh[step] = value(step)
        }
        let forecaster = ProfileForecaster(basis: .sameWeekday(weeks: 3))
        let forecast = forecaster.forecast(from: Self.start, steps: 192, stepSeconds: 900, history: history)
        let truth = IntervalSeries(
            valuesWh: Dictionary(
                uniqueKeysWithValues: (0..<192).map {
                    (Self.start + Int64($0) * 900, value(Self.start + Int64($0) * 900))
                }))
        let keyed = Dictionary(
            uniqueKeysWithValues: forecast.enumerated().map { (Self.start + Int64($0.offset) * 900, $0.element) })
        let accuracy = ForecastAccuracy.compare(forecast: keyed, measured: truth)
        #expect(accuracy.comparedSteps == 192)
        #expect(accuracy.meanAbsoluteErrorWh < 1e-9)
        let daily = ProfileForecaster(basis: .recentDays(days: 3)).forecast(
            from: Self.start, steps: 192, stepSeconds: 900, history: history)
        let dailyKeyed = Dictionary(
            uniqueKeysWithValues: daily.enumerated().map { (Self.start + Int64($0.offset) * 900, $0.element) })
        #expect(ForecastAccuracy.compare(forecast: dailyKeyed, measured: truth).meanAbsoluteErrorWh > 100)
    }

    /// A forecast never looks at the future: history at or after the start changes nothing.
    @Test func forecastsUseOnlyThePast() {
        var history = IntervalSeries()
        for step in stride(from: Self.start - 7 * 86_400, to: Self.start, by: 900) { history.valuesWh[step] = 500 }
        let before = ProfileForecaster(basis: .recentDays(days: 3)).forecast(
            from: Self.start, steps: 96, stepSeconds: 900, history: history)
        for step in stride(from: Self.start, to: Self.start + 86_400, by: 900) { history.valuesWh[step] = 99_999 }
        let after = ProfileForecaster(basis: .recentDays(days: 3)).forecast(
            from: Self.start, steps: 96, stepSeconds: 900, history: history)
        #expect(before == after)
        #expect(before.allSatisfy { $0 == 500 })
    }

    /// PV that was a fixed multiple of clear sky is forecast as that multiple: zero by night, the
    /// scale learnt from the measured days, and bias reported when the sky changes.
    @Test func clearSkyPVLearnsTheYieldScale() {
        let forecaster = ClearSkyPVForecaster(latitudeDeg: 35.1, longitudeDeg: 128.9)
        var history = IntervalSeries()
        for step in stride(from: Self.start - 3 * 86_400, to: Self.start, by: 900) {
            history.valuesWh[step] = 420 * forecaster.clearSkyWhPerSquareMetre(from: step, seconds: 900)
        }
        #expect(abs(forecaster.yieldScale(before: Self.start, stepSeconds: 900, history: history) - 420) < 1e-6)
        let forecast = forecaster.forecast(from: Self.start, steps: 96, stepSeconds: 900, history: history)
        // Local midnight to 06:00 and after 19:00 in January: dark.
        #expect(forecast[0..<24].allSatisfy { $0 == 0 })
        #expect(forecast[80..<96].allSatisfy { $0 == 0 })
        // Noon: 420 m² × roughly 500–600 W/m² in a Busan January.
        let noonKWh = forecast[48] / 1000
        #expect(noonKWh > 40 && noonKWh < 80, "noon \(noonKWh) kWh per step")
        // Half the sun tomorrow: the error shows as a positive bias of half the mean.
        let measured = IntervalSeries(
            valuesWh: Dictionary(
                uniqueKeysWithValues: forecast.enumerated().map {
                    (Self.start + Int64($0.offset) * 900, $0.element / 2)
                }))
        let keyed = Dictionary(
            uniqueKeysWithValues: forecast.enumerated().map { (Self.start + Int64($0.offset) * 900, $0.element) })
        let accuracy = ForecastAccuracy.compare(forecast: keyed, measured: measured)
        #expect(abs(accuracy.biasWh - accuracy.measuredMeanWh) < 1e-6)
        #expect(abs(accuracy.meanAbsoluteErrorWh - accuracy.measuredMeanWh) < 1e-6)
    }
}
