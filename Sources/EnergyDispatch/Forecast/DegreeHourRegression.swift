import VillageCore

/// Heat or cooling demand per step as a typical demand for each local hour of the day (hot water,
/// habits) plus a straight line in the degrees below (heating) or above (cooling) a base
/// temperature: `demand = intercept[hour] + slope × max(0, base − T)` for heating.
///
/// The base is where the building stops needing heat (or cooling): internal and solar gains cover
/// the rest. It is not known in advance, so the fit tries every candidate base and keeps the one
/// with the least squared error; for each base the least-squares slope and intercepts have a closed
/// form (the slope from the deviations from each hour's mean).
package struct DegreeHourRegression: Sendable, Equatable, Codable {
    package enum Side: String, Sendable, Equatable, Codable {
        /// Demand grows as it gets colder than the base.
        case heating
        /// Demand grows as it gets warmer than the base.
        case cooling
    }

    package var side: Side
    package var baseCelsius: Double
    /// Wh per step for each kelvin beyond the base (never negative).
    package var slopeWhPerKelvin: Double
    /// Wh per step at the base temperature, for each local hour 0–23.
    package var interceptWh: [Double]
    /// Steps with both a demand and a temperature that the fit used.
    package var samples: Int
    /// Share of the demand's variance around the hourly means that the temperature explains (0–1).
    package var explainedVariance: Double
    package var utcOffsetSeconds: Int64

    /// Degrees beyond the base at `celsius`.
    package func degrees(_ celsius: Double) -> Double {
        Self.degrees(celsius, base: baseCelsius, side: side)
    }

    /// Demand in the step starting at `start` (UTC) at the outdoor temperature `celsius`.
    package func demandWh(stepStart start: Int64, stepSeconds: Int64, celsius: Double) -> Double {
        let hour = Int(floorModulo(start + stepSeconds / 2 + utcOffsetSeconds, TimeGrid.daySeconds) / 3600)
        return max(0, interceptWh[hour] + slopeWhPerKelvin * degrees(celsius))
    }

    /// Candidate bases a fit tries by default: where homes start heating, where they start cooling.
    package static func candidateBases(for side: Side) -> [Double] {
        switch side {
        case .heating: stride(from: 4.0, through: 22.0, by: 0.25).map { $0 }
        case .cooling: stride(from: 16.0, through: 30.0, by: 0.25).map { $0 }
        }
    }

    /// The least-squares fit of `demand` on `temperature` over the steps both have; nil when they
    /// share no step.
    package static func fit(
        side: Side, demand: IntervalSeries, temperature: TemperatureSeries, candidateBases: [Double]? = nil,
        utcOffsetSeconds: Int64 = 9 * 3600
    ) -> DegreeHourRegression? {
        var hours: [Int] = []
        var celsius: [Double] = []
        var values: [Double] = []
        for (start, value) in demand.valuesWh {
            guard let measured = temperature[start], measured.isFinite, value.isFinite else { continue }
            hours.append(
                Int(floorModulo(start + demand.stepSeconds / 2 + utcOffsetSeconds, TimeGrid.daySeconds) / 3600))
            celsius.append(measured)
            values.append(value)
        }
        guard !values.isEmpty else { return nil }
        var count = [Double](repeating: 0, count: 24)
        var sumY = [Double](repeating: 0, count: 24)
        var sumYY = [Double](repeating: 0, count: 24)
        for (hour, y) in zip(hours, values) {
            count[hour] += 1
            sumY[hour] += y
            sumYY[hour] += y * y
        }
        // Variance of the demand around each hour's mean: what the temperature term may explain.
        var syy = 0.0
        for hour in 0..<24 where count[hour] > 0 { syy += sumYY[hour] - sumY[hour] * sumY[hour] / count[hour] }

        var best: (base: Double, slope: Double, error: Double, meanX: [Double])?
        for base in candidateBases ?? Self.candidateBases(for: side) {
            var sumX = [Double](repeating: 0, count: 24)
            var sumXX = [Double](repeating: 0, count: 24)
            var sumXY = [Double](repeating: 0, count: 24)
            for index in values.indices {
                let x = degrees(celsius[index], base: base, side: side)
                let hour = hours[index]
                sumX[hour] += x
                sumXX[hour] += x * x
                sumXY[hour] += x * values[index]
            }
            var sxx = 0.0
            var sxy = 0.0
            for hour in 0..<24 where count[hour] > 0 {
                sxx += sumXX[hour] - sumX[hour] * sumX[hour] / count[hour]
                sxy += sumXY[hour] - sumX[hour] * sumY[hour] / count[hour]
            }
            // No spread in degrees at this base (never beyond it): the temperature explains nothing.
            let slope = sxx > 1e-9 ? max(0, sxy / sxx) : 0
            let error = syy - 2 * slope * sxy + slope * slope * sxx
            if best == nil || error < best!.error - 1e-9 * max(1, abs(syy)) {
                let meanX = (0..<24).map { count[$0] > 0 ? sumX[$0] / count[$0] : 0 }
                best = (base, slope, error, meanX)
            }
        }
        guard let best else { return nil }
        let overallMean = values.reduce(0, +) / Double(values.count)
        let intercepts = (0..<24).map { hour in
            count[hour] > 0 ? sumY[hour] / count[hour] - best.slope * best.meanX[hour] : overallMean
        }
        return DegreeHourRegression(
            side: side, baseCelsius: best.base, slopeWhPerKelvin: best.slope, interceptWh: intercepts,
            samples: values.count, explainedVariance: syy > 0 ? max(0, min(1, 1 - best.error / syy)) : 0,
            utcOffsetSeconds: utcOffsetSeconds)
    }

    private static func degrees(_ celsius: Double, base: Double, side: Side) -> Double {
        switch side {
        case .heating: max(0, base - celsius)
        case .cooling: max(0, celsius - base)
        }
    }
}
