import Foundation
import VillageCore

/// Seeded weather for the site: day-to-day cloud cover with a rainy-season maximum, and an air
/// temperature with a seasonal swing, a daily cycle and multi-day anomalies. Tuned to Busan
/// (annual mean ~15 °C, January ~4 °C, early August ~27 °C, cloudiest in the June–July monsoon).
package struct WeatherModel: Sendable {
    package var annualMeanTemperatureC = 14.8
    package var seasonalAmplitudeC = 11.2
    /// Day of the year of the coldest day.
    package var coldestDay = 24.0
    package var dailyAmplitudeC = 3.5
    /// Mean cloud cover in the driest month and the extra cover at the monsoon peak.
    package var baseCloudCover = 0.62
    package var monsoonExtraCloudCover = 0.22

    let noise: SeededNoise
    private static let cloudStream = SeededNoise.stream("weather.cloud.day")
    private static let cloudGustStream = SeededNoise.stream("weather.cloud.slot")
    private static let temperatureStream = SeededNoise.stream("weather.temperature.anomaly")

    package init(seed: UInt64) {
        noise = SeededNoise(seed: seed)
    }

    /// Mean cloud cover of a (local) day, 0 clear ... 1 overcast. Drawn as u^a so the mean follows the
    /// season while single days still range from blue sky to overcast.
    package func dailyCloudCover(localDay: Int64) -> Double {
        let dayOfYear = Double(floorModulo(localDay, 365))
        let monsoon = exp(-pow((dayOfYear - 190) / 28, 2))
        let mean = baseCloudCover + monsoonExtraCloudCover * monsoon
        let exponent = 1 / mean - 1
        return pow(noise.unit(Self.cloudStream, localDay), exponent)
    }

    /// Cloud cover within a day: passing clouds vary it per 15-minute slot around the daily mean,
    /// most on half-cloudy days.
    package func cloudCover(localDay: Int64, slot: Int64) -> Double {
        let daily = dailyCloudCover(localDay: localDay)
        let spread = 4 * daily * (1 - daily) * 0.45
        return max(0, min(1, daily + spread * noise.signed(Self.cloudGustStream, localDay * 96 + slot)))
    }

    /// Air temperature at a local time given as fractional days since the epoch (local midnight
    /// boundaries). Cloudy days swing less between night and afternoon.
    package func airTemperatureC(localDays: Double, cloudCover: Double) -> Double {
        let dayOfYear = localDays - 365.25 * (localDays / 365.25).rounded(.down)
        let seasonal = annualMeanTemperatureC - seasonalAmplitudeC * cos(2 * .pi * (dayOfYear - coldestDay) / 365.25)
        let hour = (localDays - localDays.rounded(.down)) * 24
        let daily = dailyAmplitudeC * (1 - 0.6 * cloudCover) * cos(2 * .pi * (hour - 14.5) / 24)
        let anomaly = 2.8 * noise.smooth(Self.temperatureStream, position: localDays / 3)
        return seasonal + daily + anomaly
    }

    /// River water lags the air by about a month and swings less; it never freezes at the intake.
    package func riverTemperatureC(localDays: Double) -> Double {
        let dayOfYear = localDays - 365.25 * (localDays / 365.25).rounded(.down)
        return max(4, 15.5 - 9.5 * cos(2 * .pi * (dayOfYear - coldestDay - 20) / 365.25))
    }

    /// The ground at the depth of the vertical heat exchangers stays near the annual mean.
    package func groundTemperatureC(localDays: Double) -> Double {
        let dayOfYear = localDays - 365.25 * (localDays / 365.25).rounded(.down)
        return 16 - 1.0 * cos(2 * .pi * (dayOfYear - coldestDay - 60) / 365.25)
    }
}
