/// How far a forecast was from what was later measured: the number a facility manager needs before
/// trusting a plan built on it.
package struct ForecastAccuracy: Sendable, Equatable, Codable {
    /// Steps that had both a forecast and a measurement.
    package var comparedSteps: Int
    /// Mean absolute error, Wh per step.
    package var meanAbsoluteErrorWh: Double
    /// Mean of forecast − measured, Wh per step (positive: the forecast ran high).
    package var biasWh: Double
    /// Mean measured value, Wh per step, to read the errors against.
    package var measuredMeanWh: Double

    package init(comparedSteps: Int, meanAbsoluteErrorWh: Double, biasWh: Double, measuredMeanWh: Double) {
        self.comparedSteps = comparedSteps
        self.meanAbsoluteErrorWh = meanAbsoluteErrorWh
        self.biasWh = biasWh
        self.measuredMeanWh = measuredMeanWh
    }

    /// MAE relative to the mean measured value (0 when nothing was measured).
    package var relativeMeanAbsoluteError: Double {
        measuredMeanWh != 0 ? meanAbsoluteErrorWh / abs(measuredMeanWh) : 0
    }

    /// Compares forecasts (keyed by step start) with the measurements for the same steps.
    package static func compare(forecast: [Int64: Double], measured: IntervalSeries) -> ForecastAccuracy {
        var count = 0
        var absolute = 0.0
        var signed = 0.0
        var total = 0.0
        for (at, predicted) in forecast {
            guard let actual = measured[at] else { continue }
            count += 1
            absolute += abs(predicted - actual)
            signed += predicted - actual
            total += actual
        }
        let n = Double(max(count, 1))
        return ForecastAccuracy(
            comparedSteps: count, meanAbsoluteErrorWh: absolute / n, biasWh: signed / n, measuredMeanWh: total / n)
    }
}
