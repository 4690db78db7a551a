import GRDB
import VillageCore

extension VillageStore {
    /// Stores the forecast a plan was built on; a plan made again at the same time replaces it.
    public func record(forecastSteps: [ForecastStepRecord]) async throws(StoreError) {
        for step in forecastSteps {
            guard step.stepStart % TimeGrid.quarterHourSeconds == 0 else {
                throw error(.invalidValue, "dispatch forecast step \(step.stepStart)", "is not on a quarter hour")
            }
        }
        try await write("record dispatch forecast") { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO dispatch_forecasts (planned_at, step_start, pv_wh, load_wh, heat_wh, cooling_wh)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for step in forecastSteps {
                try statement.execute(arguments: [
                    step.plannedAt, step.stepStart, step.pvWh, step.loadWh, step.heatWh, step.coolingWh,
                ])
            }
        }
    }

    /// Every stored forecast step with `from <= stepStart < to`, of every plan, by plan then step.
    public func forecastSteps(stepFrom from: Int64, to: Int64) async throws(StoreError) -> [ForecastStepRecord] {
        try await read("dispatch forecasts") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT planned_at, step_start, pv_wh, load_wh, heat_wh, cooling_wh FROM dispatch_forecasts
                    WHERE step_start >= ? AND step_start < ? ORDER BY planned_at, step_start
                    """,
                arguments: [from, to]
            ).map { row in
                ForecastStepRecord(
                    plannedAt: row["planned_at"], stepStart: row["step_start"], pvWh: row["pv_wh"],
                    loadWh: row["load_wh"], heatWh: row["heat_wh"], coolingWh: row["cooling_wh"])
            }
        }
    }

    /// Stores a day's errors; the same (day, quantity) again replaces the earlier figures.
    public func record(forecastErrors: [ForecastErrorRecord]) async throws(StoreError) {
        for record in forecastErrors {
            guard record.comparedSteps >= 0, record.meanAbsoluteErrorWh.isFinite, record.meanAbsoluteErrorWh >= 0,
                record.biasWh.isFinite, record.recordedMeanWh.isFinite
            else {
                throw error(
                    .invalidValue, "forecast error of \(record.quantity.rawValue) on day \(record.dayStart)",
                    "is not a finite, non-negative error over a non-negative step count")
            }
        }
        try await write("record forecast errors") { db in
            for record in forecastErrors {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO forecast_errors (day_start, quantity, compared_steps, mae_wh, bias_wh,
                            recorded_mean_wh) VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.dayStart, record.quantity.rawValue, record.comparedSteps, record.meanAbsoluteErrorWh,
                        record.biasWh, record.recordedMeanWh,
                    ])
            }
        }
    }

    /// The stored daily errors of the days starting at or after `from`, oldest day first, quantities
    /// in the order pv, load, heat, cooling.
    public func forecastErrors(fromDay from: Int64 = .min) async throws(StoreError) -> [ForecastErrorRecord] {
        try await read("forecast errors") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT day_start, quantity, compared_steps, mae_wh, bias_wh, recorded_mean_wh FROM forecast_errors
                    WHERE day_start >= ? ORDER BY day_start
                    """,
                arguments: [from]
            ).compactMap { row -> ForecastErrorRecord? in
                guard let quantity = ForecastQuantity(rawValue: row["quantity"]) else { return nil }
                return ForecastErrorRecord(
                    dayStart: row["day_start"], quantity: quantity, comparedSteps: row["compared_steps"],
                    meanAbsoluteErrorWh: row["mae_wh"], biasWh: row["bias_wh"], recordedMeanWh: row["recorded_mean_wh"])
            }.sorted {
                ($0.dayStart, ForecastQuantity.allCases.firstIndex(of: $0.quantity) ?? 0)
                    < ($1.dayStart, ForecastQuantity.allCases.firstIndex(of: $1.quantity) ?? 0)
            }
        }
    }

    /// The errors of the last `days` days that have any, oldest first.
    public func latestForecastErrors(days: Int) async throws(StoreError) -> [ForecastErrorRecord] {
        let newest = try await read("latest forecast error day") { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(day_start) FROM forecast_errors")
        }
        guard let newest else { return [] }
        return try await forecastErrors(fromDay: newest - Int64(max(days, 1) - 1) * TimeGrid.daySeconds)
    }
}
