import VillageCore

/// The site's typical outdoor temperature for each local hour of each month (a climate normal):
/// what tomorrow is expected to be like when no weather forecast is given.
package struct TemperatureNormal: Sendable, Equatable, Codable {
    /// Twelve rows, January first, of 24 hourly values in °C (local time, 00:00–01:00 first).
    package var monthlyHourlyCelsius: [[Double]]
    package var utcOffsetSeconds: Int64

    /// Nil unless the table has 12 rows of 24 finite values.
    package init?(monthlyHourlyCelsius: [[Double]], utcOffsetSeconds: Int64 = 9 * 3600) {
        guard monthlyHourlyCelsius.count == 12,
            monthlyHourlyCelsius.allSatisfy({ $0.count == 24 && $0.allSatisfy(\.isFinite) })
        else { return nil }
        self.monthlyHourlyCelsius = monthlyHourlyCelsius
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The normal at an instant: the hourly values are taken as the middle of their hour and
    /// interpolated between, so a 15-minute step does not see a staircase.
    package func celsius(at instant: Int64) -> Double {
        let local = instant + utcOffsetSeconds
        let day = floorDivide(local, TimeGrid.daySeconds)
        let hours = Double(local - day * TimeGrid.daySeconds) / 3600 - 0.5
        let month = Int(CivilCalendar.date(dayNumber: day).month) - 1
        let row = monthlyHourlyCelsius[month]
        let lower = Int(hours.rounded(.down))
        let fraction = hours - Double(lower)
        let before = row[(lower + 24) % 24]
        let after = row[(lower + 25) % 24]
        return before + (after - before) * fraction
    }
}
