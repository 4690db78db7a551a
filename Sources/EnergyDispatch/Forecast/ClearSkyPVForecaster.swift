import Foundation
import VillageCore

/// Forecasts PV as the site's clear-sky irradiance shape scaled by recent measured yield: the sun's
/// geometry fixes when PV can produce, the last days' ratio of measured energy to clear-sky energy
/// captures the installed capacity, orientation and typical cloudiness without configuration.
///
/// The clear-sky model is deliberately small (Haurwitz global irradiance with a textbook sun
/// position); the simulator's detailed model lives in FirmwareSim, which the platform must not depend on.
package struct ClearSkyPVForecaster: Forecaster {
    package var latitudeDeg: Double
    package var longitudeDeg: Double
    /// Days of measured yield the scale is learnt from.
    package var lookbackDays: Int

    package init(latitudeDeg: Double, longitudeDeg: Double, lookbackDays: Int = 3) {
        self.latitudeDeg = latitudeDeg
        self.longitudeDeg = longitudeDeg
        self.lookbackDays = lookbackDays
    }

    package var name: String { "clear-sky × recent yield (\(lookbackDays) days)" }

    package func forecast(from start: Int64, steps: Int, stepSeconds: Int64, history: IntervalSeries) -> [Double] {
        let scale = yieldScale(before: start, stepSeconds: stepSeconds, history: history)
        return (0..<max(0, steps)).map { index in
            scale * clearSkyWhPerSquareMetre(from: start + Int64(index) * stepSeconds, seconds: stepSeconds)
        }
    }

    /// Measured Wh per clear-sky Wh/m² over the lookback days (0 without history).
    package func yieldScale(before start: Int64, stepSeconds: Int64, history: IntervalSeries) -> Double {
        let from = start - Int64(lookbackDays) * TimeGrid.daySeconds
        var measured = 0.0
        var clear = 0.0
        for (at, value) in history.valuesWh where at >= from && at < start {
            measured += value
            clear += clearSkyWhPerSquareMetre(from: at, seconds: stepSeconds)
        }
        return clear > 1 ? measured / clear : 0
    }

    /// Clear-sky global horizontal irradiation over `[from, from + seconds)`, Wh/m² (three samples).
    package func clearSkyWhPerSquareMetre(from: Int64, seconds: Int64) -> Double {
        let samples = 3
        var sum = 0.0
        for sample in 0..<samples {
            let at = Double(from) + (Double(sample) + 0.5) * Double(seconds) / Double(samples)
            sum += irradianceWPerSquareMetre(at: at)
        }
        return sum / Double(samples) * Double(seconds) / 3600
    }

    /// Haurwitz clear-sky GHI, W/m², at UTC Unix time `at`.
    package func irradianceWPerSquareMetre(at: Double) -> Double {
        let cosZenith = cosineOfZenith(at: at)
        guard cosZenith > 0.01 else { return 0 }
        return 1098 * cosZenith * exp(-0.057 / cosZenith)
    }

    /// Cosine of the solar zenith angle (Spencer declination and equation of time).
    func cosineOfZenith(at: Double) -> Double {
        let daySeconds = Double(TimeGrid.daySeconds)
        let days = at / daySeconds
        let dayOfYear = (days.truncatingRemainder(dividingBy: 365.2422) + 365.2422).truncatingRemainder(
            dividingBy: 365.2422)
        let gamma = 2 * Double.pi * dayOfYear / 365
        let declination =
            0.006918 - 0.399912 * cos(gamma) + 0.070257 * sin(gamma) - 0.006758 * cos(2 * gamma)
            + 0.000907 * sin(2 * gamma) - 0.002697 * cos(3 * gamma) + 0.00148 * sin(3 * gamma)
        let equationOfTimeMinutes =
            229.18
            * (0.000075 + 0.001868 * cos(gamma) - 0.032077 * sin(gamma)
                - 0.014615 * cos(2 * gamma) - 0.040849 * sin(2 * gamma))
        let utcMinutes =
            (at.truncatingRemainder(dividingBy: daySeconds) + daySeconds).truncatingRemainder(dividingBy: daySeconds)
            / 60
        let solarMinutes = utcMinutes + 4 * longitudeDeg + equationOfTimeMinutes
        let hourAngle = (solarMinutes / 4 - 180) * Double.pi / 180
        let latitude = latitudeDeg * Double.pi / 180
        return sin(latitude) * sin(declination) + cos(latitude) * cos(declination) * cos(hourAngle)
    }
}
