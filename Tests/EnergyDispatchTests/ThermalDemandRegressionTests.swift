import EnergyDispatch
import FirmwareSim
import Foundation
import Testing
import VillageCore

/// Heat and cooling demand regressed on outdoor temperature: the fit finds a slope and base that were
/// put into synthetic data, and on the simulator's weather and households with a cold snap or a heat
/// wave its forecasts beat the same-hour-of-the-last-3-days rule (both computed here).
@Suite struct ThermalDemandRegressionTests {
    static let step = TimeGrid.quarterHourSeconds
    static let seoul: Int64 = 9 * 3600

    /// Local midnight of a date in Seoul, UTC Unix seconds.
    static func midnight(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        CivilCalendar.dayNumber(year: year, month: month, day: day) * TimeGrid.daySeconds - seoul
    }

    /// `days` days of a daily temperature cycle around `mean` with a 9-day swing, and a demand of
    /// `shape(hour) + slope × degrees beyond base` plus bounded noise.
    static func synthetic(
        side: DegreeHourRegression.Side, mean: Double, base: Double, slope: Double, days: Int = 28
    ) -> (demand: IntervalSeries, temperature: TemperatureSeries) {
        let noise = SeededNoise(seed: 7)
        var demand: [Int64: Double] = [:]
        var temperature: [Int64: Double] = [:]
        let start = midnight(2025, 1, 6)
        for index in 0..<(days * 96) {
            let at = start + Int64(index) * step
            let hour = Double(index % 96) / 4 + 0.125
            let day = Double(index) / 96
            let celsius = mean + 6 * cos(2 * .pi * (hour - 14.5) / 24) + 5 * sin(2 * .pi * day / 9)
            let degrees = side == .heating ? max(0, base - celsius) : max(0, celsius - base)
            let shape = 300 + 250 * exp(-pow((hour - 7.5) / 1.5, 2)) + 200 * exp(-pow((hour - 20) / 2, 2))
            demand[at] = shape + slope * degrees + 30 * noise.signed(11, Int64(index))
            temperature[at] = celsius
        }
        return (IntervalSeries(valuesWh: demand), TemperatureSeries(celsius: temperature))
    }

    @Test(arguments: [
        (DegreeHourRegression.Side.heating, 15.0, 15.5, 40.0),
        (DegreeHourRegression.Side.cooling, 22.0, 24.0, 55.0),
    ])
    func theFitRecoversTheSlopeAndBaseItWasGiven(
        side: DegreeHourRegression.Side, mean: Double, base: Double, slope: Double
    ) throws {
        let data = Self.synthetic(side: side, mean: mean, base: base, slope: slope)
        let fit = try #require(
            DegreeHourRegression.fit(side: side, demand: data.demand, temperature: data.temperature))
        #expect(abs(fit.slopeWhPerKelvin - slope) < 0.025 * slope, "slope \(fit.slopeWhPerKelvin), put in \(slope)")
        #expect(abs(fit.baseCelsius - base) <= 0.25, "base \(fit.baseCelsius) °C, put in \(base)")
        #expect(fit.samples == 28 * 96)
        #expect(fit.explainedVariance > 0.9)
        // The hourly intercepts carry the daily shape: morning peak above the small hours.
        #expect(fit.interceptWh[7] > fit.interceptWh[3] + 150)
    }

    @Test func demandThatDoesNotFollowTheTemperatureGetsNoSlope() throws {
        let data = Self.synthetic(side: .heating, mean: 15, base: 15.5, slope: 0)
        let fit = try #require(
            DegreeHourRegression.fit(side: .heating, demand: data.demand, temperature: data.temperature))
        // Only noise (±30 Wh) is left to explain: any slope found is a few Wh per kelvin at most.
        #expect(fit.slopeWhPerKelvin < 3)
    }

    @Test func withLessThanAWeekOfTemperatureTheSameHourRuleStandsInAndTheNoteSaysWhy() {
        let data = Self.synthetic(side: .heating, mean: 5, base: 15.5, slope: 40)
        let start = Self.midnight(2025, 1, 6) + 10 * TimeGrid.daySeconds
        // Ten days of demand, but the temperature was recorded for the last three only.
        let history = SiteHistory(
            pv: IntervalSeries(), load: IntervalSeries(), heatDemand: data.demand.window(from: .min, to: start),
            coolingDemand: IntervalSeries(),
            outdoorTemperature: data.temperature.window(from: start - 3 * TimeGrid.daySeconds, to: start))
        let forecaster = SiteForecaster.standard(latitudeDeg: 35.1, longitudeDeg: 129.0)
        let forecast = forecaster.forecast(from: start, steps: 96, history: history)
        let rule = ProfileForecaster(basis: .recentDays(days: 3))
            .forecast(from: start, steps: 96, stepSeconds: Self.step, history: history.heatDemand)
        #expect(forecast.heatDemandWh == rule)
        let note = forecast.notes.first { $0.hasPrefix("heat demand:") } ?? ""
        #expect(note.contains("same-hour profile (3 days)"), "\(note)")
        #expect(note.contains("only 3.0 days"), "\(note)")
        // The temperature itself is still forecast from those three days, for the COP.
        #expect(forecast.outdoorTemperatureC?.count == 96)
    }

    @Test func theNormalIsReadAtTheMiddleOfEachHourAndInterpolatedBetween() throws {
        var months = [[Double]](repeating: (0..<24).map { Double($0) }, count: 12)
        months[6] = [Double](repeating: 25, count: 24)
        let normal = try #require(TemperatureNormal(monthlyHourlyCelsius: months))
        let january = Self.midnight(2025, 1, 15)
        #expect(abs(normal.celsius(at: january + 5 * 3600 + 1800) - 5) < 1e-9)
        #expect(abs(normal.celsius(at: january + 6 * 3600) - 5.5) < 1e-9)
        #expect(abs(normal.celsius(at: Self.midnight(2025, 7, 15) + 13 * 3600) - 25) < 1e-9)
        #expect(TemperatureNormal(monthlyHourlyCelsius: Array(months.prefix(11))) == nil)
    }

    @Test func aDepartureFromTheNormalPersistsAndFades() throws {
        let normal = try #require(
            TemperatureNormal(monthlyHourlyCelsius: [[Double]](repeating: Array(repeating: 4, count: 24), count: 12)))
        let start = Self.midnight(2025, 1, 20)
        var measured: [Int64: Double] = [:]
        for index in 1...96 { measured[start - Int64(index) * Self.step] = -2 }
        let forecaster = AnomalyPersistenceTemperatureForecaster(normal: normal, anomalyDecayHours: 36)
        let forecast = try #require(
            forecaster.forecast(
                from: start, steps: 192, stepSeconds: Self.step, history: TemperatureSeries(celsius: measured)))
        // 6 K below the normal now, 6/e below it 36 hours on.
        #expect(abs(forecast[0] - (4 - 6 * exp(-0.125 / 36))) < 1e-9)
        #expect(abs(forecast[143] - (4 - 6 * exp(-35.875 / 36))) < 1e-9)
        // Without a normal or any measurement there is nothing to forecast from.
        #expect(
            AnomalyPersistenceTemperatureForecaster().forecast(
                from: start, steps: 4, stepSeconds: Self.step, history: TemperatureSeries()) == nil)
    }

    /// Mean absolute error per step of the regression and of the same-hour rule over forecasts made
    /// every 3 hours in `[from, to)`, each 24 h ahead, each from the 22 days before it (as the
    /// store-backed source reads).
    static func rollingErrors(
        truth: SiteHistory, side: DegreeHourRegression.Side, from: Int64, to: Int64
    ) -> (regression: Double, rule: Double, regressionUsed: Int, forecasts: Int) {
        let forecaster = SiteForecaster.standard(latitudeDeg: 35.1, longitudeDeg: 129.0)
        let rule = ProfileForecaster(basis: .recentDays(days: 3))
        let demand = side == .heating ? truth.heatDemand : truth.coolingDemand
        var regressionError = 0.0
        var ruleError = 0.0
        var compared = 0
        var regressionUsed = 0
        var forecasts = 0
        var start = from
        while start < to {
            let since = start - 22 * TimeGrid.daySeconds
            let past = demand.window(from: since, to: start)
            let history = SiteHistory(
                pv: IntervalSeries(), load: IntervalSeries(),
                heatDemand: side == .heating ? past : IntervalSeries(),
                coolingDemand: side == .cooling ? past : IntervalSeries(),
                outdoorTemperature: truth.outdoorTemperature.window(from: since, to: start))
            let forecast = forecaster.forecast(from: start, steps: 96, history: history)
            let regressed = side == .heating ? forecast.heatDemandWh : forecast.coolingDemandWh
            let profile = rule.forecast(from: start, steps: 96, stepSeconds: step, history: past)
            let prefix = side == .heating ? "heat demand: regression" : "cooling demand: regression"
            if forecast.notes.contains(where: { $0.hasPrefix(prefix) }) { regressionUsed += 1 }
            forecasts += 1
            for index in 0..<96 {
                guard let actual = demand[start + Int64(index) * step] else { continue }
                regressionError += abs(regressed[index] - actual)
                ruleError += abs(profile[index] - actual)
                compared += 1
            }
            start += 3 * 3600
        }
        let n = Double(max(1, compared))
        return (regressionError / n, ruleError / n, regressionUsed, forecasts)
    }

    @Test func aColdSnapIsForecastBetterByTheRegressionThanBySameHourOfTheLastThreeDays() {
        let snap = SimulatedThermalDemand.Event(
            from: Self.midnight(2025, 1, 24), to: Self.midnight(2025, 1, 28), offsetKelvin: -9)
        let truth = SimulatedThermalDemand().series(
            from: Self.midnight(2025, 1, 1), to: Self.midnight(2025, 2, 2), event: snap)
        let errors = Self.rollingErrors(
            truth: truth, side: .heating, from: Self.midnight(2025, 1, 22), to: Self.midnight(2025, 1, 31))
        print(
            String(
                format: "cold snap, heat demand MAE per 15 min: regression %.0f Wh, same hour of last 3 days %.0f Wh",
                errors.regression, errors.rule))
        #expect(errors.regressionUsed == errors.forecasts)
        #expect(errors.regression < errors.rule, "regression \(errors.regression) Wh, rule \(errors.rule) Wh")
    }

    @Test func aHeatWaveIsForecastBetterByTheRegressionThanBySameHourOfTheLastThreeDays() {
        let wave = SimulatedThermalDemand.Event(
            from: Self.midnight(2025, 7, 24), to: Self.midnight(2025, 7, 28), offsetKelvin: 6)
        let truth = SimulatedThermalDemand().series(
            from: Self.midnight(2025, 7, 1), to: Self.midnight(2025, 8, 2), event: wave)
        let errors = Self.rollingErrors(
            truth: truth, side: .cooling, from: Self.midnight(2025, 7, 22), to: Self.midnight(2025, 7, 31))
        print(
            String(
                format:
                    "heat wave, cooling demand MAE per 15 min: regression %.0f Wh, same hour of last 3 days %.0f Wh",
                errors.regression, errors.rule))
        #expect(errors.regressionUsed == errors.forecasts)
        #expect(errors.regression < errors.rule, "regression \(errors.regression) Wh, rule \(errors.rule) Wh")
    }
}
