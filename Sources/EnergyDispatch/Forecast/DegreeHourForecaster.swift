import Foundation
import VillageCore

/// Heat or cooling demand from the outdoor temperature: a `DegreeHourRegression` fitted on the
/// recorded demand and temperature, applied to the temperature forecast. With less than
/// `minimumDays` of history that has both, or no temperature forecast, it falls back to `fallback`
/// (the same hour of recent days) and its note says why.
package struct DegreeHourForecaster: Sendable {
    package var side: DegreeHourRegression.Side
    package var fallback: any Forecaster
    /// Days of steps with both a demand and a temperature before the regression is trusted: a week
    /// holds every weekday's habits and, in winter, some spread of temperature.
    package var minimumDays: Double
    package var utcOffsetSeconds: Int64

    package init(
        side: DegreeHourRegression.Side, fallback: any Forecaster, minimumDays: Double = 7,
        utcOffsetSeconds: Int64 = 9 * 3600
    ) {
        self.side = side
        self.fallback = fallback
        self.minimumDays = minimumDays
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// A forecast and how it was made.
    package struct Outcome: Sendable {
        package var valuesWh: [Double]
        /// The fit used; nil when the fallback made the forecast.
        package var regression: DegreeHourRegression?
        /// One line for the plan's forecast notes.
        package var note: String
    }

    private var quantity: String { side == .heating ? "heat demand" : "cooling demand" }

    package func forecast(
        from start: Int64, steps: Int, stepSeconds: Int64, demand: IntervalSeries, temperature: TemperatureSeries,
        temperatureForecast: [Double]?
    ) -> Outcome {
        let past = demand.window(from: .min, to: start)
        let paired = past.valuesWh.keys.reduce(0) { $0 + (temperature[$1] != nil ? 1 : 0) }
        let pairedDays = Double(paired) * Double(demand.stepSeconds) / Double(TimeGrid.daySeconds)
        func fallBack(_ why: String) -> Outcome {
            Outcome(
                valuesWh: fallback.forecast(from: start, steps: steps, stepSeconds: stepSeconds, history: demand),
                regression: nil, note: "\(quantity): \(fallback.name), since \(why)")
        }
        guard pairedDays >= minimumDays else {
            return fallBack(
                String(
                    format:
                        "only %.1f days of history have both demand and outdoor temperature (the regression needs %.0f)",
                    pairedDays, minimumDays))
        }
        guard let temperatureForecast, temperatureForecast.count == steps else {
            return fallBack("there is no outdoor temperature forecast")
        }
        guard
            let regression = DegreeHourRegression.fit(
                side: side, demand: past, temperature: temperature, utcOffsetSeconds: utcOffsetSeconds)
        else { return fallBack("the regression could not be fitted") }
        let values = temperatureForecast.enumerated().map { index, celsius in
            regression.demandWh(
                stepStart: start + Int64(index) * stepSeconds, stepSeconds: stepSeconds, celsius: celsius)
                * Double(stepSeconds) / Double(demand.stepSeconds)
        }
        let kWPerKelvin = regression.slopeWhPerKelvin / Double(demand.stepSeconds) * 3.6
        let note = String(
            format:
                "%@: regression on outdoor temperature over %.1f days, %.2f kW per K %@ %.2f °C (explains %.0f %% of the variation around the hourly means)",
            quantity, pairedDays, kWPerKelvin, side == .heating ? "below" : "above", regression.baseCelsius,
            regression.explainedVariance * 100)
        return Outcome(valuesWh: values, regression: regression, note: note)
    }
}
