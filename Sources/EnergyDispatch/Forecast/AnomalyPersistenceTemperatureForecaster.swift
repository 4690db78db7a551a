import Foundation
import VillageCore

/// Tomorrow's temperature without a weather service: the typical value for the time of day, plus
/// today's departure from it fading away.
///
/// The typical value is the site's normal for the month and hour when the site file carries one,
/// else the mean of the same local hour over the last `baselineDays` days of measurements. The
/// departure is the mean difference between the measured temperature and that typical value over
/// the last `anomalyHours`; it decays with an e-folding time of `anomalyDecayHours`, because a cold
/// snap or a heat wave lasts days (the next hours are like the last ones) but not for ever.
package struct AnomalyPersistenceTemperatureForecaster: OutdoorTemperatureForecaster {
    package var normal: TemperatureNormal?
    package var baselineDays: Int
    package var anomalyHours: Int
    package var anomalyDecayHours: Double
    package var utcOffsetSeconds: Int64

    package init(
        normal: TemperatureNormal? = nil, baselineDays: Int = 7, anomalyHours: Int = 3, anomalyDecayHours: Double = 36,
        utcOffsetSeconds: Int64 = 9 * 3600
    ) {
        self.normal = normal
        self.baselineDays = max(1, baselineDays)
        self.anomalyHours = max(1, anomalyHours)
        self.anomalyDecayHours = max(1, anomalyDecayHours)
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    package var name: String {
        normal != nil
            ? "site normal plus the last \(anomalyHours) h departure from it"
            : "\(baselineDays)-day hourly mean plus the last \(anomalyHours) h departure from it"
    }

    package func forecast(from start: Int64, steps: Int, stepSeconds: Int64, history: TemperatureSeries) -> [Double]? {
        let past = history.window(from: start - Int64(baselineDays) * TimeGrid.daySeconds, to: start).celsius
        let typical: (Int64) -> Double
        if let normal {
            typical = normal.celsius(at:)
        } else {
            guard !past.isEmpty else { return nil }
            var sums = [Double](repeating: 0, count: 24)
            var counts = [Int](repeating: 0, count: 24)
            for (at, value) in past {
                let hour = localHour(at + history.stepSeconds / 2)
                sums[hour] += value
                counts[hour] += 1
            }
            let overall = past.values.reduce(0, +) / Double(past.count)
            let hourly = (0..<24).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : overall }
            typical = { hourly[localHour($0)] }
        }
        var departure = 0.0
        var found = 0
        for (at, value) in past where at >= start - Int64(anomalyHours) * 3600 {
            departure += value - typical(at + history.stepSeconds / 2)
            found += 1
        }
        let anomaly = found > 0 ? departure / Double(found) : 0
        return (0..<max(0, steps)).map { index in
            let middle = start + Int64(index) * stepSeconds + stepSeconds / 2
            let leadHours = Double(middle - start) / 3600
            return typical(middle) + anomaly * exp(-leadHours / anomalyDecayHours)
        }
    }

    private func localHour(_ instant: Int64) -> Int {
        Int(floorModulo(instant + utcOffsetSeconds, TimeGrid.daySeconds) / 3600)
    }
}
