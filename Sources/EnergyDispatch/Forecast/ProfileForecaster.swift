import VillageCore

/// Forecasts a series as the mean of the same local time of day on recent days: on the same weekday
/// of recent weeks (loads follow the week), or on every recent day (heat demand, which follows the
/// weather more than the calendar). Falls back from weeks to days to the mean of all history when
/// the history is short, so a new site still gets a plan.
package struct ProfileForecaster: Forecaster {
    package enum Basis: Sendable, Equatable {
        /// Same weekday and time of the last `weeks` weeks.
        case sameWeekday(weeks: Int)
        /// Same time of the last `days` days.
        case recentDays(days: Int)
    }

    package var basis: Basis
    /// Recent-day fallback used when no same-weekday value exists: first the recent days of the same
    /// kind (weekday or weekend), then any recent days.
    package var fallbackDays: Int
    /// The site's offset from UTC, for local weekdays and times of day.
    package var utcOffsetSeconds: Int64

    package init(basis: Basis, fallbackDays: Int = 3, utcOffsetSeconds: Int64 = 9 * 3600) {
        self.basis = basis
        self.fallbackDays = fallbackDays
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Saturday or Sunday in local time (1970-01-01 was a Thursday).
    private func isWeekend(_ at: Int64) -> Bool {
        let day = ((at + utcOffsetSeconds) / TimeGrid.daySeconds % 7 + 7) % 7
        return day == 2 || day == 3
    }

    /// Mean of the same time on the last `fallbackDays` days of the same kind within a week.
    private func sameDayTypeMean(at: Int64, before start: Int64, _ past: [Int64: Double]) -> Double? {
        var sum = 0.0
        var found = 0
        for k in Int64(1)...6 where found < fallbackDays {
            let candidate = at - k * TimeGrid.daySeconds
            guard candidate < start, isWeekend(candidate) == isWeekend(at), let value = past[candidate] else {
                continue
            }
            sum += value
            found += 1
        }
        return found > 0 ? sum / Double(found) : nil
    }

    package var name: String {
        switch basis {
        case .sameWeekday(let weeks): "same-weekday profile (\(weeks) weeks)"
        case .recentDays(let days): "same-hour profile (\(days) days)"
        }
    }

    package func forecast(from start: Int64, steps: Int, stepSeconds: Int64, history: IntervalSeries) -> [Double] {
        let past = history.valuesWh.filter { $0.key < start }
        let overallMean = past.isEmpty ? 0 : past.values.reduce(0, +) / Double(past.count)
        return (0..<max(0, steps)).map { index in
            let at = start + Int64(index) * stepSeconds
            switch basis {
            case .sameWeekday(let weeks):
                if let mean = Self.mean(at: at, before: start, period: 7 * TimeGrid.daySeconds, count: weeks, past) {
                    return mean
                }
                if let mean = sameDayTypeMean(at: at, before: start, past) { return mean }
                return Self.mean(at: at, before: start, period: TimeGrid.daySeconds, count: fallbackDays, past)
                    ?? overallMean
            case .recentDays(let days):
                return Self.mean(at: at, before: start, period: TimeGrid.daySeconds, count: days, past) ?? overallMean
            }
        }
    }

    /// Mean of the values `k` periods before `at` (k = 1, 2, …) that lie before `start`, over the
    /// first `count` such periods.
    private static func mean(at: Int64, before start: Int64, period: Int64, count: Int, _ past: [Int64: Double])
        -> Double?
    {
        guard count > 0 else { return nil }
        // The first period back that is already history.
        let first = max(1, (at - start) / period + 1)
        var sum = 0.0
        var found = 0
        for k in first..<(first + Int64(count)) {
            if let value = past[at - k * period] {
                sum += value
                found += 1
            }
        }
        return found > 0 ? sum / Double(found) : nil
    }
}
