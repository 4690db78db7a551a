import GRDB

extension StoreSchema {
    /// The forecasts each plan was built on and their daily errors (migration `v12-forecast-errors`).
    ///
    /// - `dispatch_forecasts`: one row per step of every plan's forecast, as the controller made it
    ///   at plan time (PV, load, heat and cooling demand, whole Wh over the step), so that the errors
    ///   can be computed once the intervals are recorded, whatever restarts happen in between.
    /// - `forecast_errors`: per local day and quantity, the mean absolute error of every forecast step
    ///   that fell in the day against what was then recorded, Wh per step, with the bias, the
    ///   recorded mean and the number of steps compared.
    ///
    /// Independent of every other table.
    static func createForecastErrorTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE dispatch_forecasts (
                    planned_at INTEGER NOT NULL,
                    step_start INTEGER NOT NULL,
                    pv_wh INTEGER NOT NULL,
                    load_wh INTEGER NOT NULL,
                    heat_wh INTEGER NOT NULL,
                    cooling_wh INTEGER NOT NULL,
                    PRIMARY KEY (planned_at, step_start)
                ) WITHOUT ROWID;
                -- The errors of one day read every forecast step that fell in it.
                CREATE INDEX dispatch_forecasts_by_step ON dispatch_forecasts (step_start);
                CREATE TABLE forecast_errors (
                    day_start INTEGER NOT NULL,
                    quantity TEXT NOT NULL CHECK (quantity IN ('pv', 'load', 'heat', 'cooling')),
                    compared_steps INTEGER NOT NULL CHECK (compared_steps >= 0),
                    mae_wh REAL NOT NULL CHECK (mae_wh >= 0),
                    bias_wh REAL NOT NULL,
                    recorded_mean_wh REAL NOT NULL,
                    PRIMARY KEY (day_start, quantity)
                ) WITHOUT ROWID;
                """)
    }
}
