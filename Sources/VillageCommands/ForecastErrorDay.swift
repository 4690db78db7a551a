import VillageStore

/// One day's forecast errors as `village status` and `village dispatch plan --json` show them: per
/// quantity the mean absolute error of the forecasts the controller planned with, Wh per 15-minute
/// step, against what was then recorded.
struct ForecastErrorDay: Encodable {
    /// The local date (site time).
    var day: String
    var pv: Figures?
    var load: Figures?
    var heat: Figures?
    var cooling: Figures?

    struct Figures: Encodable {
        var maeWh: Double
        var biasWh: Double
        var recordedMeanWh: Double
        var comparedSteps: Int
    }

    /// The stored records grouped by day, oldest first.
    static func days(_ records: [ForecastErrorRecord]) -> [ForecastErrorDay] {
        let byDay = Dictionary(grouping: records, by: \.dayStart)
        return byDay.keys.sorted().map { start in
            var day = ForecastErrorDay(day: String(LocalTime.format(start).prefix(10)))
            for record in byDay[start] ?? [] {
                let figures = Figures(
                    maeWh: (record.meanAbsoluteErrorWh * 10).rounded() / 10,
                    biasWh: (record.biasWh * 10).rounded() / 10,
                    recordedMeanWh: (record.recordedMeanWh * 10).rounded() / 10, comparedSteps: record.comparedSteps)
                switch record.quantity {
                case .pv: day.pv = figures
                case .load: day.load = figures
                case .heat: day.heat = figures
                case .cooling: day.cooling = figures
                }
            }
            return day
        }
    }

    /// `2025-01-13  PV 1,234 Wh (21 %), load 310 Wh (9 %), heat 95 Wh (12 %), cooling no data`: MAE per
    /// step and its share of the recorded mean.
    var line: String {
        let parts = [("PV", pv), ("load", load), ("heat", heat), ("cooling", cooling)].map { name, figures in
            guard let figures, figures.comparedSteps > 0 else { return "\(name) no data" }
            let share =
                figures.recordedMeanWh != 0
                ? " (\(Int((figures.maeWh / abs(figures.recordedMeanWh) * 100).rounded())) %)" : ""
            return "\(name) \(TariffFormatting.grouped(String(Int64(figures.maeWh.rounded())))) Wh\(share)"
        }
        return "\(day)  " + parts.joined(separator: ", ")
    }
}
